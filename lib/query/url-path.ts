/**
 * Path of an HTTP url as Hubble reports it (`http://reviews:9080/reviews/0?x=1`, or a bare path),
 * without scheme, authority, query or fragment; '/' when empty. One definition for the
 * `--http-path` matcher (lib/query/match.ts), the simulated Relay's server-side filter
 * (lib/sim/flow-filter.ts) and the HTTP route breakdown (lib/aggregate/routes.ts), so the three
 * agree on what a path is.
 */
export function urlPath(url: string): string {
  let start = 0;
  const scheme = url.indexOf('://');
  if (scheme >= 0) {
    const slash = url.indexOf('/', scheme + 3);
    if (slash < 0) return '/';
    start = slash;
  } else if (!url.startsWith('/')) {
    // `host:port/path` or `host/path` without a scheme.
    const slash = url.indexOf('/');
    if (slash < 0) return '/';
    start = slash;
  }
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  const path = url.slice(start, end);
  return path === '' ? '/' : path;
}
