/**
 * Kubernetes label-selector syntax over Cilium label arrays (`--label`, `--from-label`, `--to-label`),
 * as the Hubble server does it: `app=web`, `app!=web`, `app in (a, b)`, `app notin (a)`, `app`,
 * `!app`, comma = AND. A key may carry a Cilium source prefix (`k8s:app=web`, `reserved:world`);
 * without one (or with `any:`) it matches labels from every source.
 *
 * Flow labels look like `k8s:app=reviews` or `reserved:world`. Matching compares slices of those
 * strings in place (startsWith with offsets), so evaluating a selector allocates nothing.
 */

type Op = 'exists' | 'notexists' | 'eq' | 'neq' | 'in' | 'notin';

interface Requirement {
  source: string | null;
  key: string;
  op: Op;
  values: string[];
}

const KEY_CHARS = /^[A-Za-z0-9._/-]+$/;
const VALUE_CHARS = /^[A-Za-z0-9._-]*$/;

/** Parses a selector; throws Error (plain message, the caller adds the flag name) when invalid. */
export function parseLabelSelector(selector: string): Requirement[] {
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const text = part.trim();
    if (text === '')
      throw new Error(`empty requirement in label selector ${JSON.stringify(selector)}`);
    reqs.push(parseRequirement(text));
  }
  return reqs;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function parseRequirement(text: string): Requirement {
  if (text.startsWith('!')) {
    return { ...parseKey(text.slice(1).trim(), text), op: 'notexists', values: [] };
  }
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (setMatch) {
    const values = setMatch[3]!.split(',').map(v => v.trim());
    for (const v of values) checkValue(v, text);
    return { ...parseKey(setMatch[1]!, text), op: setMatch[2] === 'in' ? 'in' : 'notin', values };
  }
  const opMatch = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
  if (opMatch) {
    const value = opMatch[3]!.trim();
    checkValue(value, text);
    return {
      ...parseKey(opMatch[1]!, text),
      op: opMatch[2] === '!=' ? 'neq' : 'eq',
      values: [value],
    };
  }
  return { ...parseKey(text, text), op: 'exists', values: [] };
}

function parseKey(raw: string, requirement: string): { source: string | null; key: string } {
  const colon = raw.indexOf(':');
  const source = colon >= 0 ? raw.slice(0, colon) : null;
  const key = colon >= 0 ? raw.slice(colon + 1) : raw;
  if (!KEY_CHARS.test(key) || (source !== null && !/^[a-z0-9-]+$/.test(source))) {
    throw new Error(`invalid label key ${JSON.stringify(raw)} in ${JSON.stringify(requirement)}`);
  }
  return { source: source === 'any' ? null : source, key };
}

function checkValue(v: string, requirement: string): void {
  if (!VALUE_CHARS.test(v)) {
    throw new Error(`invalid label value ${JSON.stringify(v)} in ${JSON.stringify(requirement)}`);
  }
}

/**
 * Finds in `labels` the first label at or after `from` whose source/key match; returns its index or
 * -1. `valueAt` receives the offset where the value starts (-1 when the label has no `=value`).
 */
function findKey(labels: readonly string[], from: number, req: Requirement): number {
  for (let i = from; i < labels.length; i++) {
    const l = labels[i]!;
    const colon = l.indexOf(':');
    const ks = colon + 1;
    if (req.source !== null && (colon !== req.source.length || !l.startsWith(req.source))) continue;
    if (!l.startsWith(req.key, ks)) continue;
    const after = ks + req.key.length;
    if (after === l.length || l.charCodeAt(after) === 61) return i;
  }
  return -1;
}

function valueEquals(label: string, req: Requirement, value: string): boolean {
  const colon = label.indexOf(':');
  const after = colon + 1 + req.key.length;
  if (after === label.length) return value === '';
  return label.length - after - 1 === value.length && label.startsWith(value, after + 1);
}

function anyValue(labels: readonly string[], req: Requirement): boolean {
  for (let i = findKey(labels, 0, req); i >= 0; i = findKey(labels, i + 1, req)) {
    for (let v = 0; v < req.values.length; v++) {
      if (valueEquals(labels[i]!, req, req.values[v]!)) return true;
    }
  }
  return false;
}

function matchRequirement(labels: readonly string[], req: Requirement): boolean {
  switch (req.op) {
    case 'exists':
      return findKey(labels, 0, req) >= 0;
    case 'notexists':
      return findKey(labels, 0, req) < 0;
    case 'eq':
    case 'in':
      return anyValue(labels, req);
    case 'neq':
    case 'notin':
      return !anyValue(labels, req);
  }
}

/** Compiles selectors (OR-ed) into a predicate over a label array. */
export function compileLabelSelectors(selectors: string[]): (labels: readonly string[]) => boolean {
  const parsed = selectors.map(parseLabelSelector);
  return labels => {
    for (let s = 0; s < parsed.length; s++) {
      const reqs = parsed[s]!;
      let ok = true;
      for (let r = 0; r < reqs.length && ok; r++) ok = matchRequirement(labels, reqs[r]!);
      if (ok) return true;
    }
    return false;
  };
}
