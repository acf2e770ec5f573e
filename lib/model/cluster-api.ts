/**
 * Bodies of GET /api/v1/cluster and GET /api/v1/cluster/tunnels: the cluster view (lib/model/cluster.ts)
 * plus what the Flowscope server itself knows (Hubble's per-node health from Relay, and overlay traffic
 * counted from the flows it holds). Plain JSON, shared by the routes and the cluster page.
 */
import type { ClusterNode, ClusterProblem, ClusterSummary, TunnelTable } from './cluster';
import type { ConnectionState, LostEventsSummary, ServerStatusSummary } from './hubble-health';

/** Which status source answered (FLOWSCOPE_STATUS_SOURCE after defaults). */
export type StatusSourceName = 'kubernetes' | 'exec' | 'file' | 'sim' | 'none';

/** Hubble's own state for one node, from Relay GetNodes / node_status. */
export type HubbleNodeState = 'connected' | 'unavailable' | 'gone' | 'error' | 'unknown';

export interface HubbleNodeHealth {
  /** Node name without the `cluster/` prefix. */
  node: string;
  /** `not-reported`: Relay does not list this node (or Relay is not connected). */
  state: HubbleNodeState | 'not-reported';
  version: string | null;
  address: string | null;
  /** Flows in the node's ring buffer now, and its capacity (`--hubble-event-buffer-capacity`). */
  flowsHeld: number | null;
  maxFlows: number | null;
  /** Flows the node has seen since its Hubble started. */
  seenFlows: number | null;
  /** seen / uptime, as `cilium status` computes it; null when unknown. */
  flowsPerSecond: number | null;
  uptimeSeconds: number | null;
  /**
   * Seconds of history the node's buffer covers: held / rate (≈ max / rate once full), capped at the
   * uptime. Flows older than this are gone from the node, whatever Flowscope retains.
   */
  bufferSpanSeconds: number | null;
  /** Lost-events messages attributed to this node since Flowscope started. */
  lostEvents: number;
  /** NODE_ERROR text or similar, '' when none. */
  message: string;
}

export interface ClusterHubbleHealth {
  connection: { state: ConnectionState; relayAddr: string; lastError: string | null };
  serverStatus: ServerStatusSummary | null;
  pollError: string | null;
  nodes: HubbleNodeHealth[];
  lostEvents: LostEventsSummary;
}

/** GET /api/v1/cluster */
export interface ClusterResponseBody {
  source: StatusSourceName;
  /** True when the source was chosen automatically (variable unset). */
  sourceDefaulted: boolean;
  summary: ClusterSummary;
  nodes: ClusterNode[];
  /** null when the flow hub is not running (it never fails the cluster view). */
  hubble: ClusterHubbleHealth | null;
  problems: ClusterProblem[];
  fetchedAtMs: number;
}

/** Flows that crossed the overlay from one node to another, as held in Flowscope's window. */
export interface OverlayPair {
  from: string;
  to: string;
  /** Flows observed leaving `from` into the tunnel (TO_OVERLAY / cilium_vxlan / cilium_geneve). */
  flows: number;
  /** Dropped flows between a pod on `from` and an address owned by `to`. */
  drops: number;
  /** Drop reason → count, top reasons only. */
  dropReasons: Record<string, number>;
  /** Epoch ms of the newest counted flow. */
  lastMs: number;
}

export interface OverlayAccounting {
  pairs: OverlayPair[];
  /** Flows examined (the compact window), and the time range they cover (epoch ms). */
  scanned: number;
  fromMs: number | null;
  toMs: number | null;
  /** Overlay flows whose destination matched no node's pod CIDR or address. */
  unattributed: number;
  /** Flows and drops not counted because the pair table was full (more than 10,000 node pairs). */
  uncounted: number;
}

/** GET /api/v1/cluster/tunnels */
export interface TunnelsResponseBody {
  source: StatusSourceName;
  tunnels: TunnelTable;
  /** The nodes the picture is drawn from. */
  nodes: {
    name: string;
    internalIP: string | null;
    podCIDRs: { ipv4: string[]; ipv6: string[] };
  }[];
  overlay: OverlayAccounting;
  problems: ClusterProblem[];
  fetchedAtMs: number;
}
