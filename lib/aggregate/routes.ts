/**
 * HTTP route keys for per-route metrics: method + path with identifier segments collapsed to `:id`, so
 * `/reviews/0` and `/reviews/1` are one route and the number of routes stays small.
 *
 * A segment is an identifier when it is all digits, a UUID, hex of 8+ characters containing a digit
 * (object ids, short hashes) or of 16+ characters, or a 20+ character token mixing letters and digits
 * (ULIDs, base64 ids). Words, including hex-looking ones such as `cafe` or `deadbeef`, stay.
 */
import { urlPath } from '@/lib/query/url-path';

const DIGITS = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[a-z]/i;
const TOKEN = /^[A-Za-z0-9_-]+$/;

/** The collapsed form of one path segment (`:id` for identifiers, else unchanged). */
export function collapseSegment(segment: string): string {
  if (segment === '') return segment;
  if (DIGITS.test(segment) || UUID.test(segment)) return ':id';
  if (
    HEX.test(segment) &&
    ((segment.length >= 8 && HAS_DIGIT.test(segment)) || segment.length >= 16)
  ) {
    return ':id';
  }
  if (
    segment.length >= 20 &&
    TOKEN.test(segment) &&
    HAS_DIGIT.test(segment) &&
    HAS_LETTER.test(segment)
  ) {
    return ':id';
  }
  return segment;
}

/** Path with identifier segments collapsed: `/api/users/42/orders` -> `/api/users/:id/orders`. */
export function collapsePath(path: string): string {
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i++) parts[i] = collapseSegment(parts[i]!);
  return parts.join('/');
}

/** Route key `METHOD /collapsed/path` for an HTTP record (method '' reads as `-`). */
export function routeOf(method: string, url: string): string {
  return `${method === '' ? '-' : method.toUpperCase()} ${collapsePath(urlPath(url))}`;
}
