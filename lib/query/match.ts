/**
 * Compiles a FlowQuery into a predicate over FlowRecord. Everything that can be prepared once (regexes,
 * CIDRs, label selectors, status ranges) is prepared here, so evaluating a flow allocates nothing:
 * the server runs the predicate over up to 200k retained flows per request and over every live flow
 * for every SSE client.
 */
import type { EndpointRecord, FlowRecord } from '@/lib/model/flow-record';
import type { FlowFilterSpec, FlowQuery } from './flow-query';
import { compileIpMatcher, parseIpNet, type IpNet } from './ip';
import { compileLabelSelectors } from './label-selector';
import { urlPath } from './url-path';

type Pred = (r: FlowRecord) => boolean;
type Side = (r: FlowRecord) => EndpointRecord;

const SRC: Side = r => r.src;
const DST: Side = r => r.dst;

/** Returns a predicate that is true when `r` passes `q` (allow-any AND NOT deny-any). */
export function compileQuery(q: FlowQuery): (r: FlowRecord) => boolean {
  const allow = q.allow.map(compileSpec);
  const deny = q.deny.map(compileSpec);
  if (allow.length === 0 && deny.length === 0) return () => true;
  return r => {
    if (allow.length > 0) {
      let ok = false;
      for (let i = 0; i < allow.length && !ok; i++) ok = allow[i]!(r);
      if (!ok) return false;
    }
    for (let i = 0; i < deny.length; i++) if (deny[i]!(r)) return false;
    return true;
  };
}

function compileSpec(spec: FlowFilterSpec): Pred {
  const preds: Pred[] = [];
  const add = (p: Pred | null | undefined) => p && preds.push(p);
  add(spec.uuid && inSet(spec.uuid, r => r.id));
  add(spec.sourcePod && namespaced(spec.sourcePod, SRC, e => e.pod));
  add(spec.destinationPod && namespaced(spec.destinationPod, DST, e => e.pod));
  add(spec.sourceService && service(spec.sourceService, SRC));
  add(spec.destinationService && service(spec.destinationService, DST));
  add(spec.sourceIp && ipIn(spec.sourceIp, SRC));
  add(spec.destinationIp && ipIn(spec.destinationIp, DST));
  add(spec.sourceFqdn && fqdn(spec.sourceFqdn, SRC));
  add(spec.destinationFqdn && fqdn(spec.destinationFqdn, DST));
  add(spec.sourceLabel && labels(spec.sourceLabel, SRC));
  add(spec.destinationLabel && labels(spec.destinationLabel, DST));
  add(spec.sourceIdentity && inSet(spec.sourceIdentity, r => r.src.identity));
  add(spec.destinationIdentity && inSet(spec.destinationIdentity, r => r.dst.identity));
  add(spec.sourcePort && inSet(spec.sourcePort, r => r.src.port));
  add(spec.destinationPort && inSet(spec.destinationPort, r => r.dst.port));
  add(spec.verdict && inSet(spec.verdict, r => r.verdict));
  add(spec.dropReasonDesc && inSet(spec.dropReasonDesc, r => r.dropReason));
  add(spec.eventType && eventType(spec.eventType));
  add(spec.httpStatusCode && httpStatus(spec.httpStatusCode));
  add(spec.httpMethod && httpMethod(spec.httpMethod));
  add(spec.httpPath && httpPath(spec.httpPath));
  add(spec.dnsQuery && dnsQuery(spec.dnsQuery));
  add(spec.protocol && protocol(spec.protocol));
  add(spec.nodeName && nodeName(spec.nodeName));
  add(spec.trafficDirection && inSet(spec.trafficDirection, r => r.direction));
  add(spec.ipVersion && inSet(spec.ipVersion, r => r.ipVersion));
  if (preds.length === 0) return () => true;
  if (preds.length === 1) return preds[0]!;
  return r => {
    for (let i = 0; i < preds.length; i++) if (!preds[i]!(r)) return false;
    return true;
  };
}

function inSet<T>(values: readonly T[], get: (r: FlowRecord) => T): Pred {
  if (values.length === 1) {
    const v = values[0];
    return r => get(r) === v;
  }
  return r => values.includes(get(r));
}

/** Hubble's `[namespace/][prefix]` rule: no namespace means `default`; `/prefix` means any (ours). */
function parseNamespaced(values: string[]): { ns: string | null; prefix: string }[] {
  return values.map(v => {
    const slash = v.indexOf('/');
    if (slash < 0) return { ns: 'default', prefix: v };
    return { ns: slash === 0 ? null : v.slice(0, slash), prefix: v.slice(slash + 1) };
  });
}

function namespaced(values: string[], side: Side, name: (e: EndpointRecord) => string): Pred {
  const fs = parseNamespaced(values);
  return r => {
    const e = side(r);
    const n = name(e);
    if (e.namespace === '' && n === '') return false;
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i]!;
      if ((f.ns === null || f.ns === e.namespace) && (f.prefix === '' || n.startsWith(f.prefix)))
        return true;
    }
    return false;
  };
}

/** EndpointRecord.service is `namespace/name`; match it with the same rule as pods. */
function service(values: string[], side: Side): Pred {
  const fs = parseNamespaced(values);
  return r => {
    const s = side(r).service;
    if (s === '') return false;
    const slash = s.indexOf('/');
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i]!;
      const nsOk = f.ns === null || (slash === f.ns.length && s.startsWith(f.ns));
      if (nsOk && s.startsWith(f.prefix, slash + 1)) return true;
    }
    return false;
  };
}

function ipIn(values: string[], side: Side): Pred {
  const test = compileIpMatcher(
    values.map(v => parseIpNet(v)).filter((n): n is IpNet => n !== null),
  );
  return r => test(side(r).ip);
}

/** FQDN patterns as the Hubble server compiles them: `*` spans `[-.0-9a-z]`, anchored, lower case. */
function fqdnRegex(patterns: string[]): RegExp {
  const alts = patterns.map(p => p.replace(/\./g, '\\.').replace(/\*/g, '[-.0-9a-z_]*'));
  // Names from the FQDN cache may carry the root dot; patterns never do.
  return new RegExp(`^(?:${alts.join('|')})\\.?$`, 'i');
}

function fqdn(patterns: string[], side: Side): Pred {
  const re = fqdnRegex(patterns);
  return r => {
    const names = side(r).names;
    for (let i = 0; i < names.length; i++) if (re.test(names[i]!)) return true;
    return false;
  };
}

function labels(selectors: string[], side: Side): Pred {
  const test = compileLabelSelectors(selectors);
  return r => test(side(r).labels);
}

function eventType(types: { type: number; subType: number | null }[]): Pred {
  return r => {
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      if (t.type === r.eventType && (t.subType === null || t.subType === r.eventSubType))
        return true;
    }
    return false;
  };
}

/** `404` is exact; `4+` covers 400-499 and `40+` covers 400-409 (as ranges, to avoid formatting). */
function httpStatus(values: string[]): Pred {
  const ranges = values.map(v => {
    if (!v.endsWith('+')) return [Number(v), Number(v)] as const;
    const digits = v.slice(0, -1);
    const scale = 10 ** (3 - digits.length);
    return [Number(digits) * scale, Number(digits) * scale + scale - 1] as const;
  });
  return r => {
    const code = r.l7?.http?.code ?? 0;
    if (code === 0) return false;
    for (let i = 0; i < ranges.length; i++) {
      const [lo, hi] = ranges[i]!;
      if (code >= lo && code <= hi) return true;
    }
    return false;
  };
}

/** Methods are upper case on the wire; compare without allocating unless a record is not. */
function httpMethod(values: string[]): Pred {
  return r => {
    const m = r.l7?.http?.method;
    if (!m) return false;
    return values.includes(m) || values.includes(m.toUpperCase());
  };
}

function httpPath(patterns: string[]): Pred {
  const res = patterns.map(p => new RegExp(p));
  return r => {
    const http = r.l7?.http;
    if (!http || http.url === '') return false;
    const path = urlPath(http.url);
    return res.some(re => re.test(path));
  };
}

function dnsQuery(patterns: string[]): Pred {
  const res = patterns.map(p => new RegExp(p));
  return r => {
    const dns = r.l7?.dns;
    if (!dns) return false;
    for (let i = 0; i < res.length; i++) if (res[i]!.test(dns.query)) return true;
    return false;
  };
}

function protocol(values: string[]): Pred {
  const want = new Set(values);
  const tcp = want.has('tcp');
  const udp = want.has('udp');
  const sctp = want.has('sctp');
  const icmp4 = want.has('icmp') || want.has('icmpv4');
  const icmp6 = want.has('icmp') || want.has('icmpv6');
  const http = want.has('http');
  const dns = want.has('dns');
  const kafka = want.has('kafka');
  return r => {
    const l4 = r.l4;
    if ((tcp && l4 === 'TCP') || (udp && l4 === 'UDP') || (sctp && l4 === 'SCTP')) return true;
    if ((icmp4 && l4 === 'ICMPv4') || (icmp6 && l4 === 'ICMPv6')) return true;
    const l7 = r.l7;
    if (!l7) return false;
    return (
      (http && l7.http !== null) || (dns && l7.dns !== null) || (kafka && l7.kafkaTopic !== null)
    );
  };
}

/**
 * Node patterns `[cluster/]node` (`*` wildcards). Node names without a cluster belong to cluster
 * `default`, as in Hubble; that case is decided once here so matching needs no string building.
 */
function nodeName(patterns: string[]): Pred {
  const part = (p: string) =>
    p === ''
      ? '[-0-9_a-z.]+'
      : p.toLowerCase().replace(/\./g, '\\.').replace(/\*/g, '[-.0-9a-z_]*');
  const full: string[] = [];
  const bare: string[] = [];
  for (const p of patterns) {
    const slash = p.indexOf('/');
    const cluster = slash >= 0 ? p.slice(0, slash) : '';
    const node = slash >= 0 ? p.slice(slash + 1) : p;
    full.push(`${part(cluster)}/${part(node)}`);
    if (new RegExp(`^${part(cluster)}$`, 'i').test('default')) bare.push(part(node));
  }
  const fullRe = new RegExp(`^(?:${full.join('|')})$`, 'i');
  const bareRe = bare.length ? new RegExp(`^(?:${bare.join('|')})$`, 'i') : null;
  return r => {
    const n = r.node;
    if (n === '') return false;
    return n.includes('/') ? fullRe.test(n) : bareRe !== null && bareRe.test(n);
  };
}
