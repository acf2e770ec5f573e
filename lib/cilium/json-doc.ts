/**
 * JSON handling for status documents that arrive as text (exec stdout, files, pasted issue excerpts):
 * errors that say what is wrong and where, a salvage mode for truncated fragments, and Go duration
 * parsing (StatusResponse's `strfmt.Duration` fields marshal as `time.Duration.String()`).
 */

/** A status document could not be used at all. The message names the problem and its location. */
export class StatusDecodeError extends Error {
  override name = 'StatusDecodeError';
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line} column ${col}`;
}

/**
 * JSON.parse with an error that names the origin, the position (line/column) and the likely cause
 * (truncation, or a fragment that does not start at the document's opening brace).
 */
export function parseJsonDocument(text: string, origin = 'document'): unknown {
  const t = text.trim();
  if (t === '') throw new StatusDecodeError(`${origin} is empty`);
  if (t[0] !== '{' && t[0] !== '[') {
    const head = t.slice(0, 24).replace(/\s+/g, ' ');
    throw new StatusDecodeError(
      `${origin} is not a JSON document: it starts with '${head}…' instead of '{' (a fragment?)`,
    );
  }
  try {
    return JSON.parse(t);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg)?.[1];
    const where = pos !== undefined ? ` at ${lineCol(t, Number(pos))}` : '';
    const truncated =
      /end of (JSON )?input|Unterminated/i.test(msg) ||
      (pos !== undefined && Number(pos) >= t.length - 1);
    throw new StatusDecodeError(
      `${origin} is not valid JSON${where}${truncated ? ' (document truncated?)' : ''}: ${msg}`,
    );
  }
}

/** End index (exclusive) of the JSON value starting at `start`, or -1 when it is not complete. */
function valueEnd(text: string, start: number): number {
  const c = text[start];
  if (c === '{' || c === '[') {
    let depth = 0;
    let inStr = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inStr) {
        if (ch === '\\') i++;
        else if (ch === '"') inStr = false;
      } else if (ch === '"') inStr = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  const m = /^("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
    text.slice(start),
  );
  return m ? start + (m[1]?.length ?? 0) : -1;
}

/**
 * Recovers the complete `"key": value` members of `keys` from a truncated or partial JSON text (an
 * excerpt pasted into an issue). When a key occurs several times, the least indented occurrence wins:
 * in pretty-printed output that is the top level. Members cut off by the truncation are skipped and
 * listed in `incomplete`.
 */
export function salvageJsonMembers(
  text: string,
  keys: readonly string[],
): { doc: Record<string, unknown>; incomplete: string[] } {
  const best = new Map<string, { indent: number; value: unknown }>();
  const incomplete = new Set<string>();
  const re = /"([^"\\]+)"\s*:\s*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = m[1] ?? '';
    if (!keys.includes(key)) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const indent = m.index - lineStart;
    const start = m.index + m[0].length;
    const end = valueEnd(text, start);
    if (end < 0) {
      incomplete.add(key);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end));
    } catch {
      incomplete.add(key);
      continue;
    }
    const prev = best.get(key);
    if (!prev || indent < prev.indent) best.set(key, { indent, value });
  }
  const doc: Record<string, unknown> = {};
  for (const [k, v] of best) doc[k] = v.value;
  return { doc, incomplete: [...incomplete].filter(k => !(k in doc)) };
}

/**
 * Parses a Go `time.Duration.String()` value (`1h2m3.5s`, `250ms`, `0s`) into seconds; null when the
 * value is not such a string.
 */
export function parseGoDuration(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') return null;
  const units: Record<string, number> = {
    h: 3600,
    m: 60,
    s: 1,
    ms: 1e-3,
    us: 1e-6,
    µs: 1e-6,
    ns: 1e-9,
  };
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let pos = 0;
  const body = v.startsWith('-') ? v.slice(1) : v;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    pos = re.lastIndex;
  }
  if (pos !== body.length || pos === 0) return null;
  return v.startsWith('-') ? -total : total;
}
