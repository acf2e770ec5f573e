/**
 * String-level matchers behind the simulated Relay's FlowFilter evaluation (flow-filter.ts): regexes,
 * globs, Kubernetes label selectors and IP/CIDR specs, each compiled once per request.
 */

/** A filter the server cannot compile (bad regex, CIDR or label selector): INVALID_ARGUMENT. */
export class FlowFilterError extends Error {
  override name = 'FlowFilterError';
}

/** A RegExp from a filter field, or FlowFilterError. */
export function regex(src: string): RegExp {
  try {
    return new RegExp(src);
  } catch (e) {
    throw new FlowFilterError(
      `invalid regular expression ${JSON.stringify(src)}: ${(e as Error).message}`,
    );
  }
}

/** A glob (`*` = any run of non-dot characters) as regex source. */
export function globToRegex(glob: string): string {
  return glob
    .split('*')
    .map(s => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^.]*');
}

/**
 * A Kubernetes-style selector over Cilium labels (`source:key=value`): comma-separated `key`, `!key`,
 * `key=value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`. Keys match with or without their
 * source prefix (`k8s:app` and `app`).
 */
export function compileSelector(sel: string): (labels: string[]) => boolean {
  const reqs = parseSelector(sel);
  return labels => {
    const map = labelMap(labels);
    return reqs.every(r => r(map));
  };
}

type Requirement = (labels: Map<string, string[]>) => boolean;

function parseSelector(sel: string): Requirement[] {
  const parts = sel.match(/(?:[^,(]+|\([^)]*\))+/g) ?? [];
  return parts.map(raw => {
    const part = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      const key = m[1] as string;
      const set = (m[3] as string).split(',').map(s => s.trim());
      const not = m[2] === 'notin';
      return l => lookup(l, key).some(v => set.includes(v)) !== not;
    }
    if ((m = part.match(/^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      const key = m[1] as string;
      const value = m[3] as string;
      const neq = m[2] === '!=';
      return l => lookup(l, key).includes(value) !== neq;
    }
    if ((m = part.match(/^!\s*(\S+)$/))) {
      const key = m[1] as string;
      return l => lookup(l, key).length === 0;
    }
    if (/^\S+$/.test(part)) return l => lookup(l, part).length > 0;
    throw new FlowFilterError(`invalid label selector ${JSON.stringify(sel)}`);
  });
}

/** label key (with and without its `source:` prefix) -> values. */
function labelMap(labels: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const put = (k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const l of labels) {
    const eq = l.indexOf('=');
    const key = eq >= 0 ? l.slice(0, eq) : l;
    const value = eq >= 0 ? l.slice(eq + 1) : '';
    put(key, value);
    const colon = key.indexOf(':');
    if (colon >= 0) put(key.slice(colon + 1), value);
  }
  return m;
}

function lookup(labels: Map<string, string[]>, key: string): string[] {
  return labels.get(key) ?? [];
}

/** An exact IP or a CIDR (IPv4 or IPv6) as a test on address strings. */
export function compileIpSpec(spec: string): (ip: string) => boolean {
  if (!spec.includes('/')) return ip => ip === spec;
  const [addr, bitsText] = spec.split('/') as [string, string];
  const bits = Number(bitsText);
  const base = parseIp(addr);
  if (!base || !Number.isInteger(bits) || bits < 0 || bits > base.width) {
    throw new FlowFilterError(`invalid CIDR ${JSON.stringify(spec)}`);
  }
  const shift = BigInt(base.width - bits);
  return ip => {
    const v = parseIp(ip);
    return v !== null && v.width === base.width && v.value >> shift === base.value >> shift;
  };
}

function parseIp(s: string): { value: bigint; width: number } | null {
  if (s.includes('.')) {
    const parts = s.split('.');
    if (parts.length !== 4) return null;
    let v = 0n;
    for (const p of parts) {
      const n = Number(p);
      if (!/^\d{1,3}$/.test(p) || n > 255) return null;
      v = (v << 8n) | BigInt(n);
    }
    return { value: v, width: 32 };
  }
  if (!s.includes(':')) return null;
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some(g => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return {
    value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n),
    width: 128,
  };
}
