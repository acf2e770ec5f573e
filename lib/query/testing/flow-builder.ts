/**
 * Typed FlowRecord builders for tests (house style §8: never hand-edit JSON). Every field gets an
 * explicit default, so a test states only what it is about:
 *   flowBetween(pod('shop', 'web-1'), pod('shop', 'db-0'), { verdict: 'DROPPED' })
 */
import type { EndpointRecord, FlowRecord, L7Record } from '@/lib/model/flow-record';
import { baseFlow, blankEndpoint, dropFields } from '@/lib/model/testing/flow-record-base';

let counter = 0;

/** An endpoint for a pod, with the labels Cilium would attach. */
export function pod(
  namespace: string,
  name: string,
  extra: Partial<EndpointRecord> = {},
): EndpointRecord {
  const app = name.replace(/-[a-z0-9]+(-[a-z0-9]+)?$/, '');
  return blankEndpoint({
    identity: 1000 + app.length,
    endpointId: 100 + name.length,
    namespace,
    pod: name,
    labels: [`k8s:app=${app}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
    workloads: [{ name: app, kind: 'Deployment' }],
    ip: '10.100.0.10',
    ...extra,
  });
}

/** The `reserved:world` endpoint for an external address. */
export function world(ip: string, extra: Partial<EndpointRecord> = {}): EndpointRecord {
  return blankEndpoint({ identity: 2, labels: ['reserved:world'], ip, ...extra });
}

/** A TCP flow from `src` to `dst`, FORWARDED at `to-endpoint` unless overridden. */
export function flowBetween(
  src: EndpointRecord,
  dst: EndpointRecord,
  extra: Partial<FlowRecord> = {},
): FlowRecord {
  counter++;
  const timeMs = extra.timeMs ?? 1_700_000_000_000 + counter;
  return baseFlow({
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    timeMs,
    time: new Date(timeMs).toISOString().replace('Z', '000000Z'),
    node: 'worker242',
    tcpFlags: 'SYN',
    direction: 'INGRESS',
    traceObservationPoint: 'TO_ENDPOINT',
    summary: 'TCP Flags: SYN',
    src: { ...src, port: src.port || 40000 + (counter % 20000) },
    dst: { ...dst, port: dst.port || 8080 },
    ...extra,
  });
}

/** An L7 HTTP response record with the given status. */
export function httpResponse(
  code: number,
  url: string,
  method = 'GET',
  latencyNs = 2_000_000,
): L7Record {
  return {
    type: 'RESPONSE',
    latencyNs,
    http: { code, method, url, protocol: 'HTTP/1.1' },
    dns: null,
    kafkaTopic: null,
  };
}

/** An L7 DNS record. */
export function dnsRecord(query: string, rcode = 0, type: L7Record['type'] = 'RESPONSE'): L7Record {
  return {
    type,
    latencyNs: 0,
    http: null,
    dns: {
      query,
      rcode,
      qtypes: ['A'],
      rrtypes: ['A'],
      ips: [],
      ttl: 30,
      observationSource: 'proxy',
    },
    kafkaTopic: null,
  };
}

/** A DROPPED flow with a drop reason (event type 1, sub type = code). */
export function dropped(
  src: EndpointRecord,
  dst: EndpointRecord,
  reason = 'POLICY_DENIED',
  code = 133,
): FlowRecord {
  return flowBetween(src, dst, dropFields(reason, code));
}
