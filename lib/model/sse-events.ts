/**
 * The Server-Sent Events wire contract of GET /api/v1/flows/stream. Each SSE message has an `event:`
 * name from `SseEventName` and a JSON `data:` body of the matching type.
 */
import type { FlowRecord } from './flow-record';
import type { HubbleInfo } from './hubble-health';

export type SseEventName = 'flows' | 'health' | 'error' | 'graph-delta';

/** A batch of new flows, oldest first. Sent a few times per second at most, never one per flow. */
export interface FlowsBatchEvent {
  flows: FlowRecord[];
  /**
   * Flows that matched this client's filter but were not delivered because its queue was full (a slow
   * client): counted since the previous batch. The client shows the running total.
   */
  missed: number;
}

/** Sent on connect and whenever connection state, node health or lost-event counts change. */
export type HealthEvent = HubbleInfo;

/** A fatal problem with the subscription itself (e.g. the server is shutting down). */
export interface StreamErrorEvent {
  message: string;
}
