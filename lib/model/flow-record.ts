/**
 * FlowRecord: the compact, JSON-safe view of one Hubble flow that everything past the decoder uses
 * (store, filters, aggregation, SSE, the browser). It never carries protobuf types: proto enums are
 * decoded into the string unions below by lib/hubble/decode.ts. Unknown enum numbers (a newer agent
 * than our transcription) are kept as `CODE_<n>` strings so nothing is silently lost.
 *
 * Empty string / 0 / null means "absent on the wire" (proto3 zero values are omitted).
 */

export type Verdict =
  | 'VERDICT_UNKNOWN'
  | 'FORWARDED'
  | 'DROPPED'
  | 'ERROR'
  | 'AUDIT'
  | 'REDIRECTED'
  | 'TRACED'
  | 'TRANSLATED'
  | `CODE_${number}`;

export type FlowType = 'UNKNOWN_TYPE' | 'L3_L4' | 'L7' | 'SOCK' | `CODE_${number}`;

export type L4Protocol = 'TCP' | 'UDP' | 'ICMPv4' | 'ICMPv6' | 'SCTP' | 'VRRP' | 'IGMP' | '';

export type TrafficDirection = 'INGRESS' | 'EGRESS' | '';

export interface Workload {
  name: string;
  kind: string;
}

/** One side of a flow. */
export interface EndpointRecord {
  /** Security identity (numeric); 0 when absent. */
  identity: number;
  /** Cilium endpoint ID; 0 when absent. */
  endpointId: number;
  namespace: string;
  pod: string;
  /** ClusterMesh cluster name ('' when not set). */
  cluster: string;
  /** Labels as sent, `source:key=value` (e.g. `k8s:app=reviews`, `reserved:world`). */
  labels: string[];
  workloads: Workload[];
  /** IP address of this side ('' when the flow has no IP layer). */
  ip: string;
  /** L4 port of this side (0 when none). */
  port: number;
  /** DNS names known for this side's IP (`source_names` / `destination_names`). */
  names: string[];
  /** Kubernetes Service `namespace/name` ('' when none). */
  service: string;
}

export interface HttpRecord {
  /** Status code; 0 on requests. */
  code: number;
  method: string;
  url: string;
  protocol: string;
}

export interface DnsRecord {
  query: string;
  /** IANA rcode: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED. */
  rcode: number;
  qtypes: string[];
  rrtypes: string[];
  ips: string[];
  ttl: number;
  observationSource: string;
}

export interface L7Record {
  type: 'UNKNOWN_L7_TYPE' | 'REQUEST' | 'RESPONSE' | 'SAMPLE' | `CODE_${number}`;
  /** Latency in nanoseconds (responses only); 0 when absent. */
  latencyNs: number;
  http: HttpRecord | null;
  dns: DnsRecord | null;
  /** `kafka` when the deprecated Kafka record is set. */
  kafkaTopic: string | null;
}

export interface FlowRecord {
  /**
   * Stable key: the flow's `uuid` when the agent sends one (Cilium >= 1.14), otherwise a key derived
   * from node, time and 5-tuple by the decoder.
   */
  id: string;
  /** Event time, milliseconds since the epoch (fractional: sub-millisecond precision kept). */
  timeMs: number;
  /** Exact event time as RFC 3339 with nanoseconds, for display and `since` resume. */
  time: string;
  /** Capturing node (`cluster/node` when the cluster name is not `default`). */
  node: string;
  verdict: Verdict;
  /** `drop_reason_desc` name for DROPPED flows ('' otherwise); unknown codes as `CODE_<n>`. */
  dropReason: string;
  /** Numeric drop code (deprecated `drop_reason` field or the enum number); 0 when none. */
  dropReasonCode: number;
  type: FlowType;
  ipVersion: 'IPv4' | 'IPv6' | '';
  l4: L4Protocol;
  /** TCP flags that are set, in wire order, e.g. `SYN,ACK`; '' when none or not TCP. */
  tcpFlags: string;
  /** ICMP type/code when l4 is ICMPv4/ICMPv6, else null. */
  icmp: { type: number; code: number } | null;
  /** `is_reply`: true, false, or null when the agent did not say. */
  isReply: boolean | null;
  direction: TrafficDirection;
  /** `trace_observation_point` name ('' when absent), e.g. TO_OVERLAY. */
  traceObservationPoint: string;
  /** Monitor event type and sub type (§7.4 of hubble-api.md). */
  eventType: number;
  eventSubType: number;
  /** Interface name where observed ('' when absent), e.g. `cilium_vxlan`. */
  iface: string;
  /** `policy_match_type` for policy-verdict events; 0 otherwise. */
  policyMatchType: number;
  /** Deprecated `Summary` text if sent, else ''. */
  summary: string;
  /** True when the flow carries IP.encrypted. */
  encrypted: boolean;
  src: EndpointRecord;
  dst: EndpointRecord;
  l7: L7Record | null;
  /** Names of policies that allowed or denied the flow (`ns/name`), when the agent sends them. */
  policies: { allowedBy: string[]; deniedBy: string[] };
}
