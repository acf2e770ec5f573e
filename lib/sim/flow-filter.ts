/**
 * Server-side evaluation of `flow.FlowFilter` (GetFlowsRequest whitelist/blacklist) for the
 * simulated Relay, with Hubble's semantics (hubble-api.md §5): within one filter every set field must
 * match (AND), within a repeated field any value may (OR), a list of filters is OR-ed, and the result
 * is whitelist minus blacklist. Fields this matcher does not implement (CEL, cluster names, IP trace
 * ids, ...) are ignored, like an agent that predates them.
 */
import {
  L7FlowType,
  type DNS,
  type Endpoint,
  type Flow,
  type FlowFilter,
  type HTTP,
  type TCPFlags,
} from '@/proto/gen/flow/flow_pb';
import { urlPath } from '@/lib/query/url-path';
import { compileIpSpec, compileSelector, globToRegex, regex } from '@/lib/sim/filter-parts';

/** A compiled filter. */
export type FlowPredicate = (flow: Flow) => boolean;

/** Compiles a request's whitelist and blacklist into one predicate. */
export function compileFilters(whitelist: FlowFilter[], blacklist: FlowFilter[]): FlowPredicate {
  const allow = whitelist.map(compileFilter);
  const deny = blacklist.map(compileFilter);
  if (allow.length === 0 && deny.length === 0) return () => true;
  return flow => (allow.length === 0 || allow.some(p => p(flow))) && !deny.some(p => p(flow));
}

/** One FlowFilter: the AND of its set fields. */
export function compileFilter(f: FlowFilter): FlowPredicate {
  const checks: FlowPredicate[] = [];
  const add = <T>(values: readonly T[], check: (flow: Flow, values: readonly T[]) => boolean) => {
    if (values.length > 0) checks.push(flow => check(flow, values));
  };

  add(f.uuid, (fl, v) => v.includes(fl.uuid));
  if (f.sourceIp.length) checks.push(ipMatcher(f.sourceIp, fl => fl.IP?.source));
  if (f.sourceIpXlated.length) checks.push(ipMatcher(f.sourceIpXlated, fl => fl.IP?.sourceXlated));
  if (f.destinationIp.length) checks.push(ipMatcher(f.destinationIp, fl => fl.IP?.destination));
  if (f.sourcePod.length)
    checks.push(podMatcher(f.sourcePod, fl => nsName(fl.source?.namespace, fl.source?.podName)));
  if (f.destinationPod.length) {
    checks.push(
      podMatcher(f.destinationPod, fl =>
        nsName(fl.destination?.namespace, fl.destination?.podName),
      ),
    );
  }
  if (f.sourceService.length) {
    checks.push(
      podMatcher(f.sourceService, fl =>
        nsName(fl.sourceService?.namespace, fl.sourceService?.name),
      ),
    );
  }
  if (f.destinationService.length) {
    checks.push(
      podMatcher(f.destinationService, fl =>
        nsName(fl.destinationService?.namespace, fl.destinationService?.name),
      ),
    );
  }
  if (f.sourceFqdn.length) checks.push(fqdnMatcher(f.sourceFqdn, fl => fl.sourceNames));
  if (f.destinationFqdn.length)
    checks.push(fqdnMatcher(f.destinationFqdn, fl => fl.destinationNames));
  if (f.sourceLabel.length) checks.push(labelMatcher(f.sourceLabel, fl => fl.source?.labels ?? []));
  if (f.destinationLabel.length)
    checks.push(labelMatcher(f.destinationLabel, fl => fl.destination?.labels ?? []));
  if (f.nodeLabels.length) checks.push(labelMatcher(f.nodeLabels, fl => fl.nodeLabels));
  add(f.sourceWorkload, (fl, v) => workloadMatch(fl.source, v));
  add(f.destinationWorkload, (fl, v) => workloadMatch(fl.destination, v));
  add(f.sourceIdentity, (fl, v) => v.includes(fl.source?.identity ?? 0));
  add(f.destinationIdentity, (fl, v) => v.includes(fl.destination?.identity ?? 0));
  add(f.trafficDirection, (fl, v) => v.includes(fl.trafficDirection));
  add(f.verdict, (fl, v) => v.includes(fl.verdict));
  add(f.dropReasonDesc, (fl, v) => v.includes(fl.dropReasonDesc));
  add(f.eventType, (fl, v) =>
    v.some(
      e => fl.eventType?.type === e.type && (!e.matchSubType || fl.eventType.subType === e.subType),
    ),
  );
  add(f.httpStatusCode, (fl, v) => {
    const code = fl.l7?.type === L7FlowType.RESPONSE ? (httpOf(fl)?.code ?? 0) : 0;
    if (!code) return false;
    const s = String(code);
    return v.some(p => (p.endsWith('+') ? s.startsWith(p.slice(0, -1)) : s === p));
  });
  add(f.protocol, (fl, v) => v.some(p => protocolMatch(fl, p.toLowerCase())));
  add(f.sourcePort, (fl, v) => v.includes(String(ports(fl)[0])));
  add(f.destinationPort, (fl, v) => v.includes(String(ports(fl)[1])));
  add(f.reply, (fl, v) => fl.isReply !== undefined && v.includes(fl.isReply));
  if (f.dnsQuery.length) {
    const res = f.dnsQuery.map(regex);
    checks.push(fl => {
      const dns = dnsOf(fl);
      return dns !== undefined && res.some(r => r.test(dns.query));
    });
  }
  add(f.httpMethod, (fl, v) => {
    const method = httpOf(fl)?.method;
    return method !== undefined && v.some(m => m.toUpperCase() === method);
  });
  if (f.httpPath.length) {
    const res = f.httpPath.map(regex);
    checks.push(fl => {
      const http = httpOf(fl);
      return http !== undefined && res.some(r => r.test(urlPath(http.url)));
    });
  }
  if (f.httpUrl.length) {
    const res = f.httpUrl.map(regex);
    checks.push(fl => {
      const http = httpOf(fl);
      return http !== undefined && res.some(r => r.test(http.url));
    });
  }
  add(f.tcpFlags, (fl, v) => {
    const flags = fl.l4?.protocol.case === 'TCP' ? fl.l4.protocol.value.flags : undefined;
    return flags !== undefined && v.some(want => flagsInclude(flags, want));
  });
  if (f.nodeName.length) {
    const res = f.nodeName.map(nodePattern);
    checks.push(fl => res.some(r => r.test(fl.nodeName)));
  }
  add(f.ipVersion, (fl, v) => fl.IP !== undefined && v.includes(fl.IP.ipVersion));
  add(f.encrypted, (fl, v) => v.includes(fl.IP?.encrypted ?? false));
  add(f.traceId, (fl, v) => v.includes(fl.traceContext?.parent?.traceId ?? ''));
  add(f.interface, (fl, v) =>
    v.some(
      i =>
        (!i.name || i.name === fl.interface?.name) && (!i.index || i.index === fl.interface?.index),
    ),
  );

  return flow => {
    for (let i = 0; i < checks.length; i++) if (!(checks[i] as FlowPredicate)(flow)) return false;
    return true;
  };
}

function httpOf(fl: Flow): HTTP | undefined {
  return fl.l7?.record.case === 'http' ? fl.l7.record.value : undefined;
}

function dnsOf(fl: Flow): DNS | undefined {
  return fl.l7?.record.case === 'dns' ? fl.l7.record.value : undefined;
}

function nsName(ns: string | undefined, name: string | undefined): [string, string] {
  return [ns ?? '', name ?? ''];
}

/** `ns/prefix`, `ns/` (whole namespace), `prefix` or `/prefix` (any namespace). */
function podMatcher(patterns: string[], get: (f: Flow) => [string, string]): FlowPredicate {
  const parsed = patterns.map(p => {
    const i = p.indexOf('/');
    return i >= 0 ? [p.slice(0, i), p.slice(i + 1)] : ['', p];
  });
  return fl => {
    const [ns, name] = get(fl);
    if (!ns && !name) return false;
    return parsed.some(
      ([pns, prefix]) => (!pns || pns === ns) && name.startsWith(prefix as string),
    );
  };
}

function fqdnMatcher(patterns: string[], get: (f: Flow) => string[]): FlowPredicate {
  const res = patterns.map(p => new RegExp(`^${globToRegex(p.toLowerCase().replace(/\.$/, ''))}$`));
  return fl => get(fl).some(n => res.some(r => r.test(n.toLowerCase().replace(/\.$/, ''))));
}

/** Node name patterns: `k8s*`, `cluster/*.domain`, `cluster/` (whole cluster). */
function nodePattern(p: string): RegExp {
  if (p.endsWith('/')) return new RegExp(`^${globToRegex(p)}`);
  // Without a cluster part the pattern applies to the node part of `cluster/node` names too.
  const body = globToRegex(p).replace(/\[\^\.\]\*/g, '.*');
  return p.includes('/') ? new RegExp(`^${body}$`) : new RegExp(`^(?:[^/]+/)?${body}$`);
}

/** Kubernetes-style selectors over a label list (see compileSelector). */
function labelMatcher(selectors: string[], get: (f: Flow) => string[]): FlowPredicate {
  const compiled = selectors.map(compileSelector);
  return fl => {
    const labels = get(fl);
    return compiled.some(test => test(labels));
  };
}

function workloadMatch(
  ep: Endpoint | undefined,
  wanted: readonly { name: string; kind: string }[],
): boolean {
  const have = ep?.workloads ?? [];
  return wanted.some(w =>
    have.some(h => (!w.name || w.name === h.name) && (!w.kind || w.kind === h.kind)),
  );
}

function protocolMatch(fl: Flow, p: string): boolean {
  const l4 = fl.l4?.protocol.case?.toLowerCase();
  const l7 = fl.l7?.record.case;
  if (p === 'icmp') return l4 === 'icmpv4' || l4 === 'icmpv6';
  return l4 === p || l7 === p;
}

function ports(fl: Flow): [number, number] {
  const p = fl.l4?.protocol;
  if (p?.case === 'TCP' || p?.case === 'UDP' || p?.case === 'SCTP')
    return [p.value.sourcePort, p.value.destinationPort];
  return [0, 0];
}

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'] as const;

function flagsInclude(have: TCPFlags, want: TCPFlags): boolean {
  return FLAG_NAMES.every(k => !want[k] || have[k]);
}

function ipMatcher(specs: string[], get: (f: Flow) => string | undefined): FlowPredicate {
  const tests = specs.map(compileIpSpec);
  return fl => {
    const ip = get(fl);
    return !!ip && tests.some(t => t(ip));
  };
}
