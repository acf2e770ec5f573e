/**
 * The `hubble observe` filter flags that `q` understands: names, which FlowFilter field(s) they fill,
 * and how their values are validated and normalised. Validation happens here, at parse time, so an
 * invalid value is reported with the flag and token named instead of matching nothing later.
 */
import type { Verdict } from '@/lib/model/flow-record';
import { DROP_REASON_CODES } from './drop-reason-names';
import type { EventTypeSpec, FlowFilterSpec } from './flow-query';
import { parseIpNet } from './ip';
import { parseLabelSelector } from './label-selector';

type Field = keyof FlowFilterSpec;

/**
 * How a flag lands in hubble's two-filter model: `pair` = source field in the left filter and
 * destination field in the right one (either side); `both` = the same field in both filters;
 * `ns`/`srcNs`/`dstNs` = namespace lists applied to pod/service prefixes when materialised.
 */
export type Placement =
  | { kind: 'pair'; left: Field; right: Field }
  | { kind: 'both'; field: Field }
  | { kind: 'ns' | 'srcNs' | 'dstNs' };

export interface FlagDef {
  name: string;
  short?: string;
  /** Takes no value (e.g. --ipv4); `fixed` is the value it contributes. */
  fixed?: unknown;
  placement: Placement;
  /** Validates and normalises a value; throws Error with a message that does not repeat the flag. */
  parse: (value: string) => unknown;
}

export const VERDICTS: readonly Verdict[] = [
  'FORWARDED',
  'DROPPED',
  'ERROR',
  'AUDIT',
  'REDIRECTED',
  'TRACED',
  'TRANSLATED',
];

export const PROTOCOLS = ['tcp', 'udp', 'sctp', 'icmp', 'icmpv4', 'icmpv6', 'http', 'dns', 'kafka'];

/** Monitor message types by their CLI name (hubble-api.md §7.4). */
export const EVENT_TYPES: Readonly<Record<string, number>> = {
  drop: 1,
  debug: 2,
  capture: 3,
  trace: 4,
  'policy-verdict': 5,
  recorder: 6,
  'trace-sock': 7,
  l7: 129,
  agent: 130,
};

/** Trace observation points as monitor sub types (the datapath numbering, not the proto one). */
export const TRACE_POINTS: readonly string[] = [
  'to-endpoint',
  'to-proxy',
  'to-host',
  'to-stack',
  'to-overlay',
  'from-endpoint',
  'from-proxy',
  'from-host',
  'from-stack',
  'from-overlay',
  'from-network',
  'to-network',
  'from-crypto',
  'to-crypto',
];

/** Reserved security identities accepted by name (`--identity world`). */
const RESERVED_IDENTITIES: Readonly<Record<string, number>> = {
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  'remote-node': 6,
  'kube-apiserver': 7,
  ingress: 8,
  'world-ipv4': 9,
  'world-ipv6': 10,
};

const expected = (list: readonly string[]) => `expected one of ${list.join(', ')}`;

function text(v: string): string {
  if (/\s/.test(v)) throw new Error('must not contain whitespace');
  return v;
}

function podName(v: string): string {
  const slash = v.indexOf('/');
  if (v === '/' || v.indexOf('/', slash + 1) >= 0 || /\s/.test(v)) {
    throw new Error('expected [namespace/][name-prefix]');
  }
  return v;
}

function namespace(v: string): string {
  if (/[\s/]/.test(v)) throw new Error('a namespace has no "/" or whitespace');
  return v;
}

function ip(v: string): string {
  if (!parseIpNet(v))
    throw new Error('expected an IP address or CIDR, e.g. 10.0.0.1 or 10.0.0.0/8');
  return v;
}

function port(v: string): number {
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new Error('expected a port number 0-65535');
  return Number(v);
}

function identity(v: string): number {
  const named = RESERVED_IDENTITIES[v.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d{1,10}$/.test(v) || Number(v) > 0xffffffff) {
    throw new Error(
      `expected a numeric identity or one of ${Object.keys(RESERVED_IDENTITIES).join(', ')}`,
    );
  }
  return Number(v);
}

function fqdn(v: string): string {
  const p = v.trim().toLowerCase().replace(/\.$/, '');
  if (!/^[-a-z0-9_.*]+$/.test(p))
    throw new Error('only letters, digits, "-", "_", "." and "*" are allowed');
  return p;
}

function nodeName(v: string): string {
  const parts = v.split('/');
  if (v === '' || parts.length > 2 || parts.some(p => !/^[-a-zA-Z0-9_.*]*$/.test(p))) {
    throw new Error('expected [cluster/]node with optional "*" wildcards');
  }
  return v;
}

function label(v: string): string {
  parseLabelSelector(v);
  return v;
}

function verdict(v: string): Verdict {
  const up = v.toUpperCase();
  if (!(VERDICTS as readonly string[]).includes(up)) throw new Error(expected(VERDICTS));
  return up as Verdict;
}

function dropReason(v: string): string {
  const up = v.toUpperCase();
  if (up in DROP_REASON_CODES || /^CODE_\d+$/.test(up)) return up;
  if (/^\d+$/.test(v)) {
    const name = Object.keys(DROP_REASON_CODES).find(k => DROP_REASON_CODES[k] === Number(v));
    return name ?? `CODE_${Number(v)}`;
  }
  throw new Error('expected a DropReason name such as POLICY_DENIED, or a numeric code');
}

function eventType(v: string): EventTypeSpec {
  const [t, sub] = v.split(':', 2) as [string, string | undefined];
  const type = EVENT_TYPES[t] ?? (/^\d+$/.test(t) ? Number(t) : undefined);
  if (type === undefined) throw new Error(expected(Object.keys(EVENT_TYPES)) + ' (or a number)');
  if (sub === undefined || sub === '') return { type, subType: null };
  const point = type === 4 ? TRACE_POINTS.indexOf(sub) : -1;
  if (point >= 0) return { type, subType: point };
  if (/^\d+$/.test(sub)) return { type, subType: Number(sub) };
  throw new Error(
    type === 4
      ? `unknown trace point "${sub}" (${expected(TRACE_POINTS)})`
      : `invalid sub type "${sub}"`,
  );
}

function httpStatus(v: string): string {
  if (/^[1-5][0-9]{2}$/.test(v) || /^[1-5][0-9]?\+$/.test(v)) return v;
  throw new Error('expected a status code (404) or a prefix (5+, 40+)');
}

function protocol(v: string): string {
  const p = v.toLowerCase();
  if (!PROTOCOLS.includes(p)) throw new Error(expected(PROTOCOLS));
  return p;
}

function regex(v: string): string {
  try {
    new RegExp(v);
  } catch {
    throw new Error('not a valid regular expression');
  }
  return v;
}

function direction(v: string): 'INGRESS' | 'EGRESS' {
  const d = v.toLowerCase();
  if (d === 'ingress') return 'INGRESS';
  if (d === 'egress') return 'EGRESS';
  throw new Error('expected ingress or egress');
}

function method(v: string): string {
  if (!/^[A-Za-z]+$/.test(v)) throw new Error('expected an HTTP method such as GET');
  return v.toUpperCase();
}

const pair = (left: Field, right: Field): Placement => ({ kind: 'pair', left, right });
const both = (field: Field): Placement => ({ kind: 'both', field });

/** Every supported flag. Order only matters for "did you mean" suggestions. */
export const FLAGS: readonly FlagDef[] = [
  { name: 'namespace', short: 'n', placement: { kind: 'ns' }, parse: namespace },
  { name: 'from-namespace', placement: { kind: 'srcNs' }, parse: namespace },
  { name: 'to-namespace', placement: { kind: 'dstNs' }, parse: namespace },
  { name: 'pod', placement: pair('sourcePod', 'destinationPod'), parse: podName },
  { name: 'from-pod', placement: both('sourcePod'), parse: podName },
  { name: 'to-pod', placement: both('destinationPod'), parse: podName },
  { name: 'service', placement: pair('sourceService', 'destinationService'), parse: podName },
  { name: 'from-service', placement: both('sourceService'), parse: podName },
  { name: 'to-service', placement: both('destinationService'), parse: podName },
  { name: 'ip', placement: pair('sourceIp', 'destinationIp'), parse: ip },
  { name: 'from-ip', placement: both('sourceIp'), parse: ip },
  { name: 'to-ip', placement: both('destinationIp'), parse: ip },
  { name: 'fqdn', placement: pair('sourceFqdn', 'destinationFqdn'), parse: fqdn },
  { name: 'from-fqdn', placement: both('sourceFqdn'), parse: fqdn },
  { name: 'to-fqdn', placement: both('destinationFqdn'), parse: fqdn },
  { name: 'label', short: 'l', placement: pair('sourceLabel', 'destinationLabel'), parse: label },
  { name: 'from-label', placement: both('sourceLabel'), parse: label },
  { name: 'to-label', placement: both('destinationLabel'), parse: label },
  { name: 'identity', placement: pair('sourceIdentity', 'destinationIdentity'), parse: identity },
  { name: 'from-identity', placement: both('sourceIdentity'), parse: identity },
  { name: 'to-identity', placement: both('destinationIdentity'), parse: identity },
  { name: 'port', placement: pair('sourcePort', 'destinationPort'), parse: port },
  { name: 'from-port', placement: both('sourcePort'), parse: port },
  { name: 'to-port', placement: both('destinationPort'), parse: port },
  { name: 'verdict', placement: both('verdict'), parse: verdict },
  { name: 'drop-reason', placement: both('dropReasonDesc'), parse: dropReason },
  { name: 'drop-reason-desc', placement: both('dropReasonDesc'), parse: dropReason },
  { name: 'type', short: 't', placement: both('eventType'), parse: eventType },
  { name: 'http-status', placement: both('httpStatusCode'), parse: httpStatus },
  { name: 'http-method', placement: both('httpMethod'), parse: method },
  { name: 'http-path', placement: both('httpPath'), parse: regex },
  { name: 'dns-query', placement: both('dnsQuery'), parse: regex },
  { name: 'protocol', placement: both('protocol'), parse: protocol },
  { name: 'node-name', placement: both('nodeName'), parse: nodeName },
  { name: 'traffic-direction', placement: both('trafficDirection'), parse: direction },
  { name: 'uuid', placement: both('uuid'), parse: text },
  { name: 'ipv4', fixed: 'IPv4', placement: both('ipVersion'), parse: text },
  { name: 'ipv6', fixed: 'IPv6', placement: both('ipVersion'), parse: text },
];

/**
 * Flag pairs hubble refuses to combine (same groups as the CLI), e.g. `--pod` with `--from-pod`:
 * combining them would silently produce a filter that is not what the user meant.
 */
export const CONFLICTS: readonly (readonly string[])[] = [
  ['from-fqdn', 'from-ip', 'ip', 'fqdn', 'from-namespace', 'namespace'],
  ['from-fqdn', 'from-ip', 'ip', 'fqdn', 'from-pod', 'pod'],
  ['to-fqdn', 'to-ip', 'ip', 'fqdn', 'to-namespace', 'namespace'],
  ['to-fqdn', 'to-ip', 'ip', 'fqdn', 'to-pod', 'pod'],
  ['to-pod', 'namespace'],
  ['from-pod', 'namespace'],
  ['to-service', 'namespace'],
  ['from-service', 'namespace'],
  ['label', 'from-label'],
  ['label', 'to-label'],
  ['service', 'from-service'],
  ['service', 'to-service'],
  ['port', 'to-port'],
  ['port', 'from-port'],
  ['identity', 'to-identity'],
  ['identity', 'from-identity'],
];

/** `hubble observe` flags that are valid for the CLI but have no meaning for `q`, with the reason. */
export const NOT_FILTERS: Readonly<Record<string, string>> = {
  since: 'q filters the retained window; time ranges are not supported yet',
  until: 'q filters the retained window; time ranges are not supported yet',
  last: 'use the limit parameter instead',
  first: 'use the limit parameter instead',
  all: 'the API always searches everything retained',
  follow: 'use /api/v1/flows/stream for live flows',
  f: 'use /api/v1/flows/stream for live flows',
  output: 'use format=json or format=jsonpb',
  o: 'use format=json or format=jsonpb',
  server: 'the server is configured with HUBBLE_RELAY_ADDR',
};
