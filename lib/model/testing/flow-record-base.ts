/**
 * The one place that spells out every FlowRecord and EndpointRecord field for test builders. The
 * builders of each layer (lib/query, lib/aggregate, lib/client testing/) state only the defaults that
 * matter to their tests on top of these, so a new FlowRecord field is added here once.
 */
import type { EndpointRecord, FlowRecord } from '@/lib/model/flow-record';

/** An endpoint with every field empty/zero, then `overrides`. */
export function blankEndpoint(overrides: Partial<EndpointRecord> = {}): EndpointRecord {
  return {
    identity: 0,
    endpointId: 0,
    namespace: '',
    pod: '',
    cluster: '',
    labels: [],
    workloads: [],
    ip: '',
    port: 0,
    names: [],
    service: '',
    ...overrides,
  };
}

/** A forwarded IPv4 TCP trace record with every field present, then `overrides`. */
export function baseFlow(overrides: Partial<FlowRecord> = {}): FlowRecord {
  return {
    id: '',
    timeMs: 0,
    time: '',
    node: '',
    verdict: 'FORWARDED',
    dropReason: '',
    dropReasonCode: 0,
    type: 'L3_L4',
    ipVersion: 'IPv4',
    l4: 'TCP',
    tcpFlags: '',
    icmp: null,
    isReply: false,
    direction: '',
    traceObservationPoint: '',
    eventType: 4,
    eventSubType: 0,
    iface: '',
    policyMatchType: 0,
    summary: '',
    encrypted: false,
    src: blankEndpoint(),
    dst: blankEndpoint(),
    l7: null,
    policies: { allowedBy: [], deniedBy: [] },
    ...overrides,
  };
}

/** The fields of a drop event (event type 1, sub type = reason code) captured at no trace point. */
export function dropFields(reason: string, code: number): Partial<FlowRecord> {
  return {
    verdict: 'DROPPED',
    dropReason: reason,
    dropReasonCode: code,
    eventType: 1,
    eventSubType: code,
    traceObservationPoint: '',
  };
}
