/**
 * Typed FlowRecord builders for client-side unit tests (house style §8: never hand-edit JSON in
 * tests). Defaults describe an ordinary forwarded TCP flow inside the simulated cluster.
 */
import type { EndpointRecord, FlowRecord, L7Record } from '@/lib/model/flow-record';
import { baseFlow, blankEndpoint } from '@/lib/model/testing/flow-record-base';

type EndpointOverrides = Partial<EndpointRecord>;

/** An endpoint with every field present; pass overrides for what the test cares about. */
export function endpoint(overrides: EndpointOverrides = {}): EndpointRecord {
  return blankEndpoint(overrides);
}

/** A pod endpoint `namespace/pod` with an IP and the usual k8s labels. */
export function podEndpoint(namespace: string, pod: string, ip: string, port = 0): EndpointRecord {
  const app = pod.split('-')[0] ?? pod;
  return endpoint({
    identity: 12345,
    namespace,
    pod,
    ip,
    port,
    labels: [`k8s:app=${app}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
    workloads: [{ name: app, kind: 'Deployment' }],
  });
}

let nextId = 1;

/** A complete FlowRecord; ids are unique per call unless given. */
export function flowRecord(overrides: Partial<FlowRecord> = {}): FlowRecord {
  const timeMs = overrides.timeMs ?? Date.UTC(2026, 0, 2, 14, 3, 7, 123);
  return baseFlow({
    id: `flow-${nextId++}`,
    timeMs,
    time: new Date(timeMs).toISOString().replace('Z', '000000Z'),
    node: 'worker242',
    tcpFlags: 'SYN',
    direction: 'EGRESS',
    traceObservationPoint: 'TO_STACK',
    src: podEndpoint('shop', 'frontend-7d9c5', '10.100.1.15', 43512),
    dst: podEndpoint('shop', 'cart-5f6b8', '10.100.2.23', 8080),
    ...overrides,
  });
}

/** An L7 record with defaults; pass `http` or `dns`. */
export function l7Record(overrides: Partial<L7Record> = {}): L7Record {
  return { type: 'RESPONSE', latencyNs: 0, http: null, dns: null, kafkaTopic: null, ...overrides };
}
