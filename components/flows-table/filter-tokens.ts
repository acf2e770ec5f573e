/**
 * Tiny helpers for the quick-filter chips: add, remove or detect one `--flag value` pair in a
 * hubble-observe style filter string. The server owns the real grammar (and rejects what it does
 * not understand); these only edit simple, space-free values the chips themselves produce.
 */

interface Pair {
  flag: string;
  value: string;
  /** Token index range [start, end) in the token list, including a preceding `--not`. */
  start: number;
  end: number;
  negated: boolean;
}

function tokens(q: string): string[] {
  return q.trim() === '' ? [] : q.trim().split(/\s+/);
}

function pairs(toks: string[]): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i] as string;
    if (!tok.startsWith('--') || tok === '--not') continue;
    const negated = toks[i - 1] === '--not';
    const start = negated ? i - 1 : i;
    const eq = tok.indexOf('=');
    if (eq > 0) {
      out.push({ flag: tok.slice(0, eq), value: tok.slice(eq + 1), start, end: i + 1, negated });
      continue;
    }
    const next = toks[i + 1];
    const value = next !== undefined && !next.startsWith('--') ? next : '';
    out.push({ flag: tok, value, start, end: value === '' ? i + 1 : i + 2, negated });
    if (value !== '') i++;
  }
  return out;
}

/** True when `q` has a non-negated `flag value` (or `flag=value`) pair. */
export function hasFlag(q: string, flag: string, value: string): boolean {
  return pairs(tokens(q)).some(p => p.flag === flag && p.value === value && !p.negated);
}

/** `q` without non-negated `flag` pairs (any value, or only `value` when given). */
export function removeFlag(q: string, flag: string, value?: string): string {
  const toks = tokens(q);
  const drop = new Set<number>();
  for (const p of pairs(toks)) {
    if (p.flag !== flag || p.negated || (value !== undefined && p.value !== value)) continue;
    for (let i = p.start; i < p.end; i++) drop.add(i);
  }
  return toks.filter((_, i) => !drop.has(i)).join(' ');
}

/** `q` with `flag value` added, replacing other non-negated values of the same flag. */
export function setFlag(q: string, flag: string, value: string): string {
  const rest = removeFlag(q, flag);
  return rest === '' ? `${flag} ${value}` : `${rest} ${flag} ${value}`;
}

/** Adds the pair when absent, removes it when present. */
export function toggleFlag(q: string, flag: string, value: string): string {
  return hasFlag(q, flag, value) ? removeFlag(q, flag, value) : setFlag(q, flag, value);
}
