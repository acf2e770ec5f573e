/**
 * Small readers for untrusted JSON/YAML (API objects, status documents). Every Cilium input is
 * version-dependent and may be hand-edited, so nothing past these helpers indexes `unknown` directly.
 */

export type Obj = Record<string, unknown>;

/** The value as a plain object, or null (arrays and primitives are not objects here). */
export function asObj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null;
}

/** The value as an array, or null. */
export function asArr(v: unknown): unknown[] | null {
  return Array.isArray(v) ? v : null;
}

/** Non-empty string, or null. Numbers are not coerced: a number where a string belongs is malformed. */
export function asStr(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Finite number (or a numeric string, as YAML/ConfigMaps give), or null. */
export function asNum(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return null;
}

/** Boolean, or the strings "true"/"false" (ConfigMap values), else null. */
export function asBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return null;
}

/** Strings of an array, skipping non-strings; [] when not an array. */
export function strList(v: unknown): string[] {
  return (asArr(v) ?? []).filter((x): x is string => typeof x === 'string' && x !== '');
}

/** Walks `path` through nested objects; undefined as soon as a step is not an object. */
export function dig(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const key of path) {
    const o = asObj(cur);
    if (!o) return undefined;
    cur = o[key];
  }
  return cur;
}

/** True for a dotted-quad IPv4 address (no CIDR suffix). */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** True for something shaped like an IPv6 address (hex groups and colons, optional zone). */
export function isIPv6(s: string): boolean {
  return s.includes(':') && /^[0-9a-fA-F:.]+(%\w+)?$/.test(s);
}

/** Address family of an IP or CIDR, or null when it is neither. */
export function familyOf(ipOrCidr: string): 'ipv4' | 'ipv6' | null {
  const ip = ipOrCidr.split('/')[0] ?? '';
  if (isIPv4(ip)) return 'ipv4';
  if (isIPv6(ip)) return 'ipv6';
  return null;
}

/**
 * Version from an image reference (`quay.io/cilium/cilium:v1.19.4@sha256:…` → `1.19.4`), or 'unknown'
 * for digests-only, `latest` and other non-semver tags.
 */
export function versionFromImage(image: string | null | undefined): string {
  if (!image) return 'unknown';
  const noDigest = image.split('@')[0] ?? '';
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= lastSlash) return 'unknown';
  const m = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(noDigest.slice(colon + 1));
  return m?.[1] ?? 'unknown';
}

/** [major, minor] of a version string like `1.16.0-dev`, or null. */
export function minorVersion(version: string | null | undefined): [number, number] | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}
