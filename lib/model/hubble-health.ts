/**
 * What the server knows about its upstream Hubble Relay connection. Shared by /api/v1/hubble, the
 * SSE `health` event and the UI banners. Plain JSON: no protobuf or Node types.
 */

export type ConnectionState =
  /** First dial in progress, nothing received yet. */
  | 'connecting'
  /** Stream open and healthy. */
  | 'connected'
  /** Stream failed; waiting for the next attempt (backoff). */
  | 'reconnecting'
  /** Several attempts failed in a row: Relay cannot be reached at the configured address. */
  | 'unreachable';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Relay address as configured (`HUBBLE_RELAY_ADDR`), or the built-in cluster's loopback address. */
  relayAddr: string;
  /** `relay` or `sim` (built-in cluster). */
  source: 'relay' | 'sim';
  tls: boolean;
  /** Last error text, including the gRPC status name (e.g. `UNAVAILABLE: No connection established`). */
  lastError: string | null;
  /** Epoch ms when the current state began. */
  stateSinceMs: number;
  /** Epoch ms of the next reconnect attempt when reconnecting/unreachable. */
  nextRetryMs: number | null;
  /** Consecutive failed attempts (0 when connected). */
  failures: number;
  /** Number of times the stream was re-established after the first connection. */
  reconnects: number;
  /** Time of the newest flow received (epoch ms), null before the first flow. */
  lastFlowMs: number | null;
  /** Flows received since start, and duplicates discarded on resume. */
  flowsReceived: number;
  duplicatesDropped: number;
  /**
   * Periods with possibly missing flows: when a resume could not reach back far enough (Relay's ring
   * buffer had already overwritten the gap) the span is recorded here. Bounded to the last 20.
   */
  gaps: { fromMs: number; toMs: number; reason: string }[];
}

/** The status before the first connection attempt: connecting, nothing received yet. */
export function initialConnectionStatus(
  relayAddr: string,
  source: ConnectionStatus['source'],
  tls: boolean,
  nowMs: number,
): ConnectionStatus {
  return {
    state: 'connecting',
    relayAddr,
    source,
    tls,
    lastError: null,
    stateSinceMs: nowMs,
    nextRetryMs: null,
    failures: 0,
    reconnects: 0,
    lastFlowMs: null,
    flowsReceived: 0,
    duplicatesDropped: 0,
    gaps: [],
  };
}

export type NodeState =
  'NODE_CONNECTED' | 'NODE_UNAVAILABLE' | 'NODE_GONE' | 'NODE_ERROR' | 'UNKNOWN_NODE_STATE';

/** Per-node view merged from GetNodes and the stream's node_status events. */
export interface NodeHealth {
  name: string;
  state: NodeState;
  version: string;
  address: string;
  tls: boolean;
  uptimeNs: number;
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  /** Last node_status message for this node (NODE_ERROR text), '' when none. */
  message: string;
  /** Epoch ms of the last state change seen. */
  changedMs: number;
}

export interface LostEventsSummary {
  /** Total events lost since the server started, all sources. */
  total: number;
  /** Lost in the last 60 s. */
  lastMinute: number;
  /** Totals per source (`PERF_EVENT_RING_BUFFER`, `OBSERVER_EVENTS_QUEUE`, `HUBBLE_RING_BUFFER`, ...). */
  bySource: Record<string, number>;
  /** Totals per reporting node. */
  byNode: Record<string, number>;
  /** Epoch ms of the most recent lost-events message, null if none. */
  lastMs: number | null;
}

export interface ServerStatusSummary {
  numFlows: number;
  maxFlows: number;
  seenFlows: number;
  uptimeNs: number;
  numConnectedNodes: number | null;
  numUnavailableNodes: number | null;
  unavailableNodes: string[];
  version: string;
  flowsRate: number;
}

export interface StoreStats {
  /** Flows currently held in the exact (raw) tier and its capacity. */
  rawCount: number;
  rawCapacity: number;
  /** Flows currently held in the compact tier and its capacity. */
  compactCount: number;
  compactCapacity: number;
  /** Flows evicted from the compact tier since start (the window moved on). */
  evicted: number;
  /** Oldest and newest flow time held (epoch ms), null when empty. */
  oldestMs: number | null;
  newestMs: number | null;
}

/** GET /api/v1/hubble response body. */
export interface HubbleInfo {
  connection: ConnectionStatus;
  /** Last ServerStatus from Relay (null until the first successful call). */
  serverStatus: ServerStatusSummary | null;
  /** Error text of the last failed ServerStatus/GetNodes poll, null when the last poll succeeded. */
  pollError: string | null;
  nodes: NodeHealth[];
  namespaces: { cluster: string; namespace: string }[];
  lostEvents: LostEventsSummary;
  store: StoreStats;
}
