/**
 * Typed FlowRecord builders for aggregation tests (house style §8: never hand-edit JSON). Defaults
 * describe a forwarded TCP request delivered at TO_ENDPOINT; tests state only what they are about:
 *   flowBetween(pod('shop', 'web-7d4b9c8f6d-x2x9z'), pod('shop', 'db-0'), { verdict: 'DROPPED' })
 */
import type { EndpointRecord, FlowRecord, L7Record } from '@/lib/model/flow-record';
import { baseFlow, blankEndpoint, dropFields } from '@/lib/model/testing/flow-record-base';

let counter = 0;
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A pod endpoint with the labels Cilium attaches (app label = pod name without suffixes). */
export function pod(
  namespace: string,
  name: string,
  extra: Partial<EndpointRecord> = {},
): EndpointRecord {
  const app = name.replace(/(-[a-z0-9]{6,10})?-[a-z0-9]{5}$|-\d+$/, '');
  return blankEndpoint({
    identity: 10_000 + app.length,
    endpointId: 100,
    namespace,
    pod: name,
    labels: [`k8s:app=${app}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
    ip: `10.0.${app.length}.${name.length}`,
    ...extra,
  });
}

/** A reserved-identity endpoint (`host`, `world`, `remote-node`, ...). */
export function reserved(
  entity: string,
  identity: number,
  extra: Partial<EndpointRecord> = {},
): EndpointRecord {
  return blankEndpoint({ identity, labels: [`reserved:${entity}`], ip: '203.0.113.7', ...extra });
}

/** A flow from `src` to `dst` (TCP 40000 -> 8080, FORWARDED, TO_ENDPOINT, request) unless overridden. */
export function flowBetween(
  src: EndpointRecord,
  dst: EndpointRecord,
  extra: Partial<FlowRecord> & { srcPort?: number; dstPort?: number } = {},
): FlowRecord {
  counter++;
  const { srcPort = 40_000, dstPort = 8080, ...rest } = extra;
  const timeMs = rest.timeMs ?? T0 + counter;
  return baseFlow({
    id: `test-${counter}`,
    timeMs,
    time: new Date(timeMs).toISOString(),
    node: 'node-a',
    tcpFlags: 'ACK',
    direction: 'INGRESS',
    traceObservationPoint: 'TO_ENDPOINT',
    src: { ...src, port: srcPort },
    dst: { ...dst, port: dstPort },
    ...rest,
  });
}

/** The reply of `f` at the same point: endpoints and ports swapped, is_reply true. */
export function replyOf(f: FlowRecord, extra: Partial<FlowRecord> = {}): FlowRecord {
  counter++;
  return { ...f, id: `test-${counter}`, src: f.dst, dst: f.src, isReply: true, ...extra };
}

/** A drop event (event type 1) with the given reason name and code. */
export function dropBetween(
  src: EndpointRecord,
  dst: EndpointRecord,
  reason: string,
  code: number,
  extra: Partial<FlowRecord> = {},
): FlowRecord {
  return flowBetween(src, dst, {
    ...dropFields(reason, code),
    tcpFlags: 'SYN',
    isReply: null,
    ...extra,
  });
}

function l7(partial: Partial<L7Record>): L7Record {
  return { type: 'REQUEST', latencyNs: 0, http: null, dns: null, kafkaTopic: null, ...partial };
}

const L7_BASE: Partial<FlowRecord> = {
  type: 'L7',
  eventType: 129,
  traceObservationPoint: '',
  tcpFlags: '',
  direction: 'EGRESS',
};

/** An HTTP request record client -> server. */
export function httpRequest(
  client: EndpointRecord,
  server: EndpointRecord,
  method: string,
  url: string,
  extra: Partial<FlowRecord> = {},
): FlowRecord {
  return flowBetween(client, server, {
    ...L7_BASE,
    isReply: false,
    l7: l7({ http: { code: 0, method, url, protocol: 'HTTP/1.1' } }),
    ...extra,
  });
}

/** An HTTP response record server -> client with status `code` and latency in ms (0: none). */
export function httpResponse(
  client: EndpointRecord,
  server: EndpointRecord,
  method: string,
  url: string,
  code: number,
  latencyMs = 0,
  extra: Partial<FlowRecord> = {},
): FlowRecord {
  return flowBetween(server, client, {
    ...L7_BASE,
    isReply: true,
    srcPort: 8080,
    dstPort: 40_000,
    l7: l7({
      type: 'RESPONSE',
      latencyNs: latencyMs * 1e6,
      http: { code, method, url, protocol: 'HTTP/1.1' },
    }),
    ...extra,
  });
}

function dns(query: string, rcode: number, qtype: string) {
  return {
    query,
    rcode,
    qtypes: [qtype],
    rrtypes: [],
    ips: [],
    ttl: 0,
    observationSource: 'proxy',
  };
}

/** A DNS query record client -> server (UDP, client port 50000 unless overridden). */
export function dnsQuery(
  client: EndpointRecord,
  server: EndpointRecord,
  query: string,
  extra: Partial<FlowRecord> & { qtype?: string; srcPort?: number } = {},
): FlowRecord {
  const { qtype = 'A', srcPort = 50_000, ...rest } = extra;
  return flowBetween(client, server, {
    ...L7_BASE,
    l4: 'UDP',
    isReply: false,
    srcPort,
    dstPort: 53,
    l7: l7({ dns: dns(query, 0, qtype) }),
    ...rest,
  });
}

/** A DNS response record server -> client with `rcode`. */
export function dnsResponse(
  client: EndpointRecord,
  server: EndpointRecord,
  query: string,
  rcode: number,
  extra: Partial<FlowRecord> & { qtype?: string; dstPort?: number } = {},
): FlowRecord {
  const { qtype = 'A', dstPort = 50_000, ...rest } = extra;
  return flowBetween(server, client, {
    ...L7_BASE,
    l4: 'UDP',
    isReply: true,
    srcPort: 53,
    dstPort,
    l7: l7({ type: 'RESPONSE', dns: dns(query, rcode, qtype) }),
    ...rest,
  });
}
