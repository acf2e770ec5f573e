/**
 * Parses `q`, a filter in `hubble observe` flag syntax, into a FlowQuery. Flag semantics follow the
 * hubble CLI's filter tracker (cilium `hubble/cmd/observe/flows_filter.go`): each of the allow and
 * deny lists is built as `left OR right`, where either-side flags put their source form left and
 * their destination form right, and namespaces are folded into pod/service prefixes at the end.
 * Error messages always name the offending token.
 */
import { CONFLICTS, FLAGS, NOT_FILTERS, type FlagDef } from './flags';
import { QueryParseError, type FlowFilterSpec, type FlowQuery } from './flow-query';
import { tokenize } from './tokenize';

const byLong = new Map(FLAGS.map(f => [f.name, f]));
const byShort = new Map(FLAGS.filter(f => f.short).map(f => [f.short!, f]));

/** Upper bound on `q` so a hostile request cannot make the parser or matcher do unbounded work. */
export const MAX_QUERY_LENGTH = 4096;

interface Tracker {
  left: FlowFilterSpec | null;
  right: FlowFilterSpec | null;
  ns: string[];
  srcNs: string[];
  dstNs: string[];
  changed: Set<string>;
}

const newTracker = (): Tracker => ({
  left: null,
  right: null,
  ns: [],
  srcNs: [],
  dstNs: [],
  changed: new Set(),
});

/** Parses `q`; an empty or blank string yields the match-everything query. */
export function parseQuery(q: string): FlowQuery {
  const text = q.trim();
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QueryParseError(
      `q is too long (${text.length} characters, at most ${MAX_QUERY_LENGTH})`,
      text.slice(0, 32),
    );
  }
  const words = tokenize(text);
  if (words[0] === 'hubble' && words[1] === 'observe') words.splice(0, 2);
  else if (words[0] === 'observe') words.splice(0, 1);
  const allow = newTracker();
  const deny = newTracker();
  let negateNext: string | null = null;

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--not') {
      if (negateNext !== null)
        throw new QueryParseError(
          'consecutive --not: --not applies to the next filter flag only',
          word,
        );
      negateNext = word;
      continue;
    }
    const { def, shown, inline } = resolveFlag(word);
    let value: unknown;
    if (def.fixed !== undefined) {
      if (inline !== null)
        throw new QueryParseError(`${shown} takes no value (got "${inline}")`, word);
      value = def.fixed;
    } else {
      let raw = inline;
      if (raw === null) {
        const next = words[i + 1];
        if (next === undefined || (next.startsWith('-') && next.length > 1 && isFlagLike(next))) {
          throw new QueryParseError(`${shown} needs a value`, word);
        }
        raw = next;
        i++;
      }
      if (raw === '') throw new QueryParseError(`${shown} needs a value`, word);
      try {
        value = def.parse(raw);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw new QueryParseError(`${shown}: invalid value ${JSON.stringify(raw)} (${why})`, raw);
      }
    }
    const tracker = negateNext !== null ? deny : allow;
    negateNext = null;
    apply(tracker, def, value, shown);
  }
  if (negateNext !== null)
    throw new QueryParseError('--not must be followed by a filter flag', negateNext);

  const query: FlowQuery = { text, allow: materialize(allow), deny: materialize(deny) };
  for (const spec of [...query.allow, ...query.deny]) checkSpec(spec);
  return query;
}

function isFlagLike(word: string): boolean {
  return /^--?[A-Za-z]/.test(word);
}

function resolveFlag(word: string): { def: FlagDef; shown: string; inline: string | null } {
  let name: string;
  let inline: string | null = null;
  let def: FlagDef | undefined;
  if (word.startsWith('--') && word.length > 2) {
    const eq = word.indexOf('=');
    name = eq >= 0 ? word.slice(2, eq) : word.slice(2);
    inline = eq >= 0 ? word.slice(eq + 1) : null;
    def = byLong.get(name);
  } else if (word.startsWith('-') && word.length > 1 && word[1] !== '-') {
    name = word[1]!;
    const rest = word.slice(2);
    inline = rest === '' ? null : rest.startsWith('=') ? rest.slice(1) : rest;
    def = byShort.get(name);
  } else {
    throw new QueryParseError(
      `unexpected argument ${JSON.stringify(word)}: q takes hubble observe filter flags, e.g. --pod ${word}`,
      word,
    );
  }
  if (def) return { def, shown: `--${def.name}`, inline };
  const dashed = word.startsWith('--') ? `--${name}` : `-${name}`;
  if (name in NOT_FILTERS) {
    throw new QueryParseError(`${dashed} is not supported in q: ${NOT_FILTERS[name]}`, dashed);
  }
  const hint = suggest(name);
  throw new QueryParseError(
    `unknown flag ${JSON.stringify(dashed)}${hint ? ` (did you mean --${hint}?)` : ''}`,
    dashed,
  );
}

function apply(t: Tracker, def: FlagDef, value: unknown, shown: string): void {
  t.changed.add(def.name);
  for (const group of CONFLICTS) {
    if (!group.includes(def.name)) continue;
    const other = group.find(g => g !== def.name && t.changed.has(g));
    if (other)
      throw new QueryParseError(`filters ${shown} and --${other} cannot be combined`, shown);
  }
  const p = def.placement;
  switch (p.kind) {
    case 'ns':
    case 'srcNs':
    case 'dstNs':
      t[p.kind].push(value as string);
      return;
    case 'pair':
      push((t.left ??= {}), p.left, value);
      push((t.right ??= {}), p.right, value);
      return;
    case 'both':
      push((t.left ??= {}), p.field, value);
      push((t.right ??= {}), p.field, value);
      return;
  }
}

function push(spec: FlowFilterSpec, field: keyof FlowFilterSpec, value: unknown): void {
  const list = (spec[field] ??= []) as unknown[];
  list.push(value);
}

/** Folds namespaces into pod/service prefixes and returns `[left]`, `[left, right]` or `[]`. */
function materialize(t: Tracker): FlowFilterSpec[] {
  if (!t.left && !t.right && t.ns.length + t.srcNs.length + t.dstNs.length === 0) return [];
  const left = t.left ?? {};
  const right = t.right ?? {};
  for (const f of [left, right]) {
    checkNamespaces([...t.ns, ...t.srcNs], [...(f.sourcePod ?? []), ...(f.sourceService ?? [])]);
    checkNamespaces(
      [...t.ns, ...t.dstNs],
      [...(f.destinationPod ?? []), ...(f.destinationService ?? [])],
    );
  }
  for (const f of [left, right]) {
    if (t.dstNs.length) applyNs(f, t.dstNs, 'destinationPod', 'destinationService');
    if (t.srcNs.length) applyNs(f, t.srcNs, 'sourcePod', 'sourceService');
  }
  if (t.ns.length) {
    applyNs(left, t.ns, 'sourcePod', 'sourceService');
    applyNs(right, t.ns, 'destinationPod', 'destinationService');
  }
  return sameSpec(left, right) ? [left] : [left, right];
}

function applyNs(
  f: FlowFilterSpec,
  ns: string[],
  pod: 'sourcePod' | 'destinationPod',
  svc: 'sourceService' | 'destinationService',
): void {
  if (!f[pod]?.length && !f[svc]?.length) f[pod] = [''];
  if (f[pod]) f[pod] = withNamespaces(f[pod], ns);
  if (f[svc]) f[svc] = withNamespaces(f[svc], ns);
}

function withNamespaces(names: string[], ns: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    if (name.includes('/')) out.push(name);
    else for (const n of ns) out.push(`${n}/${name}`);
  }
  return out;
}

/** `--namespace a --pod b/x` can never match: say so instead of silently dropping a constraint. */
function checkNamespaces(namespaces: string[], names: string[]): void {
  if (namespaces.length === 0) return;
  for (const name of names) {
    const slash = name.indexOf('/');
    const ns = slash > 0 ? name.slice(0, slash) : '';
    if (ns && !namespaces.includes(ns)) {
      const list = namespaces.map(n => JSON.stringify(n)).join(' or ');
      throw new QueryParseError(
        `namespace conflict: ${JSON.stringify(name)} is not in namespace ${list}`,
        name,
      );
    }
  }
}

function checkSpec(spec: FlowFilterSpec): void {
  if (spec.httpStatusCode && spec.eventType && !spec.eventType.some(e => e.type === 129)) {
    throw new QueryParseError(
      '--http-status only matches l7 events; it cannot be combined with --type other than l7',
      '--http-status',
    );
  }
}

function sameSpec(a: FlowFilterSpec, b: FlowFilterSpec): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof FlowFilterSpec>;
  for (const k of keys) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  }
  return true;
}

/** Closest known long flag name within edit distance 2 (or a third of its length). */
function suggest(name: string): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const f of FLAGS) {
    const d = editDistance(name, f.name);
    if (d < bestD) {
      bestD = d;
      best = f.name;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
