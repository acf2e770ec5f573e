/**
 * The contract between a flow source (lib/hubble/follow.ts: the Relay client's resubscribe loop) and
 * the per-process hub (lib/server/flow-hub.ts). Sources deliver events in batches (one callback per
 * gRPC read burst, not per flow) so the hub's per-event cost stays off the hot path.
 */
import type { FlowRecord } from '@/lib/model/flow-record';
import type {
  ConnectionStatus,
  NodeHealth,
  NodeState,
  ServerStatusSummary,
} from '@/lib/model/hubble-health';

export type UpstreamEvent =
  | {
      kind: 'flow';
      record: FlowRecord;
      /** The GetFlowsResponse exactly as received on the wire (protobuf binary), for jsonpb export. */
      raw: Uint8Array;
    }
  | {
      kind: 'node_status';
      state: NodeState;
      nodes: string[];
      message: string;
      timeMs: number;
    }
  | {
      kind: 'lost';
      /** LostEventSource name, e.g. `HUBBLE_RING_BUFFER`. */
      source: string;
      count: number;
      node: string;
      cpu: number | null;
      timeMs: number;
    }
  | { kind: 'connection'; status: ConnectionStatus }
  | {
      kind: 'poll';
      /** Result of the periodic ServerStatus + GetNodes + GetNamespaces poll. */
      serverStatus: ServerStatusSummary | null;
      nodes: NodeHealth[] | null;
      namespaces: { cluster: string; namespace: string }[] | null;
      /** Error text when any of the calls failed (the others' results are still given). */
      error: string | null;
    };

export interface FlowSource {
  /** Starts streaming; `onEvents` is called with batches in arrival order. */
  start(onEvents: (batch: UpstreamEvent[]) => void): void;
  /** Cancels the stream and timers; resolves once nothing more will be delivered. */
  stop(): Promise<void>;
}
