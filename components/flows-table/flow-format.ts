/**
 * Pure text formatting of FlowRecords for the table and the details drawer. Returns plain strings
 * only: React renders them as text (never as HTML), so a hostile pod name or URL stays inert.
 */
import type { EndpointRecord, FlowRecord, Verdict } from '@/lib/model/flow-record';

/** Times are shown in UTC: the zone Relay, kubectl logs and most incident channels use. */
export const TIME_ZONE_LABEL = 'UTC';

const numberFormat = new Intl.NumberFormat('en-US');

/** `14:03:07.123` (UTC) from epoch milliseconds. */
export function formatClock(timeMs: number): string {
  if (!Number.isFinite(timeMs)) return '—';
  return new Date(timeMs).toISOString().slice(11, 23);
}

/** Thousands separators, fixed locale so server and client render the same text. */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** `48 ms`, `0.42 ms`, `1.2 s` from nanoseconds. */
export function formatLatency(ns: number): string {
  const ms = ns / 1e6;
  if (ms >= 1_000) return `${(ms / 1_000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** `12.3 flows/s` (whole numbers above 100). */
export function formatRate(perSec: number): string {
  return `${perSec >= 100 ? formatCount(Math.round(perSec)) : perSec.toFixed(1)} flows/s`;
}

const RCODES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
};

/** IANA DNS rcode name (`NXDOMAIN`), or `RCODE 9` when not a common one. */
export function dnsRcodeName(rcode: number): string {
  return RCODES[rcode] ?? `RCODE ${rcode}`;
}

/** The short reserved identity (`world`, `host`, ...) from `reserved:*` labels, or ''. */
export function reservedLabel(ep: EndpointRecord): string {
  const label = ep.labels.find(l => l.startsWith('reserved:'));
  return label ? label.slice('reserved:'.length) : '';
}

export interface EndpointText {
  /** Main text: `namespace/pod`, else a DNS name, else the IP, else the reserved identity. */
  primary: string;
  /** Reserved identity shown as a tag (`world`, `host`), or ''. */
  tag: string;
  /** Everything known, for the title tooltip. */
  title: string;
}

/** Describes one side of a flow; `withPort` appends `:port` (destinations). */
export function formatEndpoint(ep: EndpointRecord, withPort = false): EndpointText {
  const tag = reservedLabel(ep);
  const podName = ep.pod === '' ? '' : ep.namespace === '' ? ep.pod : `${ep.namespace}/${ep.pod}`;
  const base = podName || ep.names[0] || ep.ip || (tag === '' ? '—' : tag);
  const primary = withPort && ep.port > 0 ? `${base}:${ep.port}` : base;
  const title = [
    podName,
    ep.names.length > 0 ? ep.names.join(', ') : '',
    ep.ip === '' ? '' : ep.port > 0 ? `${ep.ip}:${ep.port}` : ep.ip,
    ep.identity > 0 ? `identity ${ep.identity}` : '',
    ep.labels.join(' '),
  ]
    .filter(s => s !== '')
    .join(' · ');
  return { primary, tag: base === tag ? '' : tag, title: title || primary };
}

const ICMP_TYPES: Record<string, Record<number, string>> = {
  ICMPv4: { 0: 'echo-reply', 3: 'unreachable', 8: 'echo', 11: 'time-exceeded' },
  ICMPv6: {
    1: 'unreachable',
    3: 'time-exceeded',
    128: 'echo',
    129: 'echo-reply',
    133: 'RS',
    134: 'RA',
    135: 'NS',
    136: 'NA',
  },
};

/** `TCP 8080`, `UDP 53`, `ICMPv4 echo` (service port); '—' when the flow has no L4 layer. */
export function formatProtocol(f: FlowRecord): string {
  if (f.l4 === '') return f.ipVersion === '' ? '—' : f.ipVersion;
  if (f.l4 === 'ICMPv4' || f.l4 === 'ICMPv6') {
    if (f.icmp === null) return f.l4;
    const name = ICMP_TYPES[f.l4]?.[f.icmp.type];
    return `${f.l4} ${name ?? `type ${f.icmp.type}`}`;
  }
  // The service port: on a reply the server side is the source.
  const port = f.isReply === true ? f.src.port : f.dst.port;
  return port > 0 ? `${f.l4} ${port}` : f.l4;
}

/**
 * Path and query of an HTTP URL (`/api/cart/123`) exactly as sent: scheme and host are cut by
 * pattern rather than `new URL()`, which would percent-encode what the client actually sent.
 */
export function urlPath(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!m) return url;
  const rest = url.slice(m[0].length);
  return rest === '' ? '/' : rest;
}

/**
 * One-line L7 summary: `GET /api/cart/123 → 503 (48 ms)`, `DNS A api.stripe.com → NXDOMAIN`,
 * `Kafka orders`; '' for L3/L4 flows.
 */
export function formatL7(f: FlowRecord): string {
  const l7 = f.l7;
  if (l7 === null) return '';
  const latency = l7.latencyNs > 0 ? ` (${formatLatency(l7.latencyNs)})` : '';
  if (l7.http) {
    const { method, url, code } = l7.http;
    const request = `${method || 'HTTP'} ${urlPath(url)}`.trim();
    return code > 0 ? `${request} → ${code}${latency}` : request;
  }
  if (l7.dns) {
    const { query, qtypes, rcode, ips } = l7.dns;
    const name = query.endsWith('.') ? query.slice(0, -1) : query;
    const ask = `DNS ${qtypes[0] ?? ''} ${name}`.replace(/\s+/g, ' ');
    if (l7.type === 'REQUEST') return `${ask}?`;
    const answer =
      rcode === 0 && ips.length > 0
        ? `${ips[0]}${ips.length > 1 ? ` +${ips.length - 1}` : ''}`
        : dnsRcodeName(rcode);
    return `${ask} → ${answer}${latency}`;
  }
  if (l7.kafkaTopic !== null) return `Kafka ${l7.kafkaTopic}`;
  return `L7 ${l7.type}`;
}

export type VerdictTone = 'ok' | 'bad' | 'warn' | 'info' | 'neutral';

/** Colour family of a verdict badge. */
export function verdictTone(verdict: Verdict): VerdictTone {
  switch (verdict) {
    case 'FORWARDED':
      return 'ok';
    case 'DROPPED':
    case 'ERROR':
      return 'bad';
    case 'AUDIT':
      return 'warn';
    case 'REDIRECTED':
    case 'TRANSLATED':
    case 'TRACED':
      return 'info';
    default:
      return 'neutral';
  }
}
