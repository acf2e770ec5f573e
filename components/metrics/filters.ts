/**
 * `q` filters (hubble observe flag syntax) for the metrics pages' click-throughs. Each builder adds
 * the page's own filter so a click lands on exactly the flows that were counted.
 */
import type { WorkloadRef } from '@/lib/model/flow-metrics';

/** Joins filter fragments, skipping empty ones. */
export function joinQ(...parts: string[]): string {
  return parts
    .map(p => p.trim())
    .filter(Boolean)
    .join(' ');
}

/** `/flows?q=...` */
export function flowsHref(...parts: string[]): string {
  return `/flows?q=${encodeURIComponent(joinQ(...parts))}`;
}

/** `ns/name` prefix for --pod / --from-pod / --to-pod; null for non-pod endpoints (world, host). */
export function podArg(w: Pick<WorkloadRef, 'label' | 'namespace' | 'kind'>): string | null {
  if (w.kind !== 'workload' || !w.namespace) return null;
  return `${w.namespace}/${w.label}`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Single-quotes a word for `q` (its tokenizer is shell-like: a bare backslash escapes). */
const quote = (s: string) => `'${s.replace(/'/g, `'"'"'`)}'`;

/** `--dns-query` regex matching exactly one name. */
export function dnsNameQ(name: string): string {
  return `--protocol dns --dns-query ${quote(`^${escapeRe(name)}$`)}`;
}

/** HTTP status class key (`5xx`) to an `--http-status` prefix (`5+`); null for `other`. */
export function statusClassQ(cls: string): string | null {
  const m = /^([1-5])xx$/.exec(cls);
  return m ? `--protocol http --http-status ${m[1]}+` : null;
}

/** `--http-path` regex for a collapsed route (`/orders/:id` -> `^/orders/[^/]+`). */
export function routeQ(method: string, route: string): string {
  const path = route.split(':id').map(escapeRe).join('[^/]+');
  return joinQ(
    '--protocol http',
    method ? `--http-method ${method}` : '',
    `--http-path ${quote(`^${path}`)}`,
  );
}

export function label(w: Pick<WorkloadRef, 'label' | 'namespace'>): string {
  return w.namespace ? `${w.namespace}/${w.label}` : w.label;
}
