/**
 * FlowQuery: the parsed, validated form of a `hubble observe` filter string (`q` in the HTTP API).
 * Plain JSON data, no functions, so it can be logged, cached and (later) turned into Relay
 * `FlowFilter`s field by field: the field names below are the `flow.FlowFilter` field names in
 * lowerCamelCase.
 *
 * Semantics are those of the hubble CLI and the Hubble server:
 * - a flow is shown when it matches ANY `allow` filter (or `allow` is empty) and NO `deny` filter;
 * - inside one filter every set field must match (AND);
 * - inside one field any listed value may match (OR).
 * Flags that apply to "either side" (`--pod`, `--namespace`, `--ip`, `--label`, `--port`, ...) put
 * their source-side form in one filter and their destination-side form in a second one, exactly as
 * `hubble observe` does, so `--namespace a --verdict DROPPED` means "dropped and (from a or to a)".
 */
import type { Verdict } from '@/lib/model/flow-record';

export interface EventTypeSpec {
  /** Monitor message type (`event_type.type`), e.g. 1 drop, 4 trace, 5 policy-verdict, 129 l7. */
  type: number;
  /** Sub type to match, or null for any. */
  subType: number | null;
}

export interface FlowFilterSpec {
  uuid?: string[];
  /** Pod name prefixes, `[namespace/][prefix]`; no namespace means `default`, `/prefix` any. */
  sourcePod?: string[];
  destinationPod?: string[];
  /** Service names, same syntax as pods. */
  sourceService?: string[];
  destinationService?: string[];
  /** IP addresses or CIDRs, canonical text. */
  sourceIp?: string[];
  destinationIp?: string[];
  /** FQDN patterns (`*` wildcard), lower case, no trailing dot. */
  sourceFqdn?: string[];
  destinationFqdn?: string[];
  /** Kubernetes label selectors over Cilium labels (`k8s:app=web`, `app in (a,b)`, `!foo`). */
  sourceLabel?: string[];
  destinationLabel?: string[];
  sourceIdentity?: number[];
  destinationIdentity?: number[];
  sourcePort?: number[];
  destinationPort?: number[];
  verdict?: Verdict[];
  /** DropReason names (upper case) or `CODE_<n>`. */
  dropReasonDesc?: string[];
  eventType?: EventTypeSpec[];
  /** `404` (exact) or `4+` / `40+` (prefix). */
  httpStatusCode?: string[];
  /** Upper case. */
  httpMethod?: string[];
  /** Regular expressions (source text) over the URL path. */
  httpPath?: string[];
  /** Lower case: tcp, udp, icmp, icmpv4, icmpv6, sctp, http, dns, kafka. */
  protocol?: string[];
  /** Node name patterns, `[cluster/]node` with `*` wildcards. */
  nodeName?: string[];
  trafficDirection?: ('INGRESS' | 'EGRESS')[];
  /** Regular expressions (source text) over the DNS query name. */
  dnsQuery?: string[];
  ipVersion?: ('IPv4' | 'IPv6')[];
}

export interface FlowQuery {
  /** The `q` text as given (trimmed). */
  text: string;
  allow: FlowFilterSpec[];
  deny: FlowFilterSpec[];
}

/** The query that matches every flow. */
export const MATCH_ALL: FlowQuery = Object.freeze({ text: '', allow: [], deny: [] }) as FlowQuery;

/** Error for an invalid `q`; `message` names the offending token. */
export class QueryParseError extends Error {
  override readonly name = 'QueryParseError';
  /** The token (flag or value) at fault, as the user typed it. */
  readonly token: string;

  constructor(message: string, token: string) {
    super(message);
    this.token = token;
  }
}
