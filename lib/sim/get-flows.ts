/**
 * GetFlows as Hubble Relay serves it, over the simulated cluster's per-node rings:
 *
 * 1. `node_status` first: NODE_CONNECTED for the reachable nodes, NODE_UNAVAILABLE for the others
 *    (node_name = Relay's own name, time = now). The request never fails because of a down node.
 * 2. The historic part, selected per node like the agents do (`number` is per node; `first` reads
 *    from the oldest end; `since`/`until` bound it), merged across nodes in time order.
 * 3. With `follow`, live entries as the ticker appends them.
 *
 * Lost events pass through unfiltered. The stream honours write backpressure: it never queues
 * ahead of the client. A reader that falls more than a ring behind is told so with a
 * HUBBLE_RING_BUFFER lost event and skips to the oldest entry still held, as the agent's ring does.
 * A node that becomes unreachable mid-stream yields NODE_ERROR; one that comes back is resumed
 * silently from its newest entry (Relay's peer re-check sends no new NODE_CONNECTED).
 */
import * as grpc from '@grpc/grpc-js';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import type { GetFlowsRequest, GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import type { SimCluster } from '@/lib/sim/cluster';
import { lostEventResponse, timestampMs } from '@/lib/sim/flow-parts';
import { FlowFilterError } from '@/lib/sim/filter-parts';
import { compileFilters, type FlowPredicate } from '@/lib/sim/flow-filter';
import { cmpTime, type NodeRing, type SimEntry } from '@/lib/sim/ring';

/** The server side of one GetFlows call (messages or pre-encoded bytes). */
export type GetFlowsCall = grpc.ServerWritableStream<
  GetFlowsRequest,
  GetFlowsResponse | Uint8Array
>;

type Time = [number, number];

interface NodeCursor {
  name: string;
  ring: NodeRing;
  cursor: number;
  /** Exclusive end seq of what this request reads (Infinity while following). */
  end: number;
  /** Flows still to send with `first` (Infinity otherwise). */
  remaining: number;
  done: boolean;
}

const PEER_LOST = 'rpc error: code = Unavailable desc = error reading from server: EOF';

/** Serves one GetFlows call until it ends, is cancelled or `signal` aborts. */
export async function serveGetFlows(
  cluster: SimCluster,
  call: GetFlowsCall,
  signal?: AbortSignal,
): Promise<void> {
  const req = call.request;
  if (req.first && req.follow) {
    // As the agents answer: reading from the oldest end has no defined meeting point with live data.
    call.emit('error', {
      code: grpc.status.INVALID_ARGUMENT,
      details: 'first is not compatible with follow',
    });
    return;
  }
  let match: EntryPredicate;
  try {
    match = entryMatcher(compileFilters(req.whitelist, req.blacklist), req);
  } catch (e) {
    if (!(e instanceof FlowFilterError)) throw e;
    call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: e.message });
    return;
  }

  let stopped = false;
  let wake: (() => void) | null = null;
  let nodesChanged = false;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const stop = () => {
    stopped = true;
    poke();
  };
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('error', stop);
  call.on('drain', poke);
  signal?.addEventListener('abort', stop);
  const active = new Set<string>();
  // Where a node that came back resumes: its newest entry at the moment it became reachable.
  const resumeAt = new Map<string, number>();
  const unsubscribe = cluster.subscribe(ev => {
    if (ev === 'nodes') {
      nodesChanged = true;
      for (const n of cluster.nodeNames) {
        if (cluster.isNodeAvailable(n) && !active.has(n) && !resumeAt.has(n))
          resumeAt.set(n, cluster.ring(n).head);
      }
    }
    poke();
  });
  const sleep = () => new Promise<void>(resolve => (wake = resolve));

  try {
    const nowMs = cluster.clock.now();
    const now = timestampMs(nowMs);
    const since = toTime(req.since);
    // Without `until`, a bounded (non-follow) request with `since` ends at "now".
    const until =
      toTime(req.until) ?? (since && !req.follow ? [Number(now.seconds), now.nanos] : null);
    const number = req.number >= BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(req.number);

    const connected = cluster.nodeNames.filter(n => cluster.isNodeAvailable(n));
    const unavailable = cluster.nodeNames.filter(n => !cluster.isNodeAvailable(n));
    const status = (state: NodeState, nodeNames: string[], message = ''): GetFlowsResponse => ({
      $typeName: 'observer.GetFlowsResponse',
      responseTypes: {
        case: 'nodeStatus',
        value: { $typeName: 'relay.NodeStatusEvent', stateChange: state, nodeNames, message },
      },
      nodeName: cluster.relayNodeName,
      time: timestampMs(cluster.clock.now()),
    });
    if (connected.length > 0) call.write(status(NodeState.NODE_CONNECTED, connected));
    if (unavailable.length > 0) call.write(status(NodeState.NODE_UNAVAILABLE, unavailable));

    const cursors = connected.map(name =>
      openCursor(cluster.ring(name), name, req, number, since, until, match),
    );
    for (const n of connected) active.add(n);

    while (!stopped) {
      if (nodesChanged) {
        nodesChanged = false;
        for (const c of cursors) {
          if (!c.done && !cluster.isNodeAvailable(c.name)) {
            c.done = true;
            active.delete(c.name);
            call.write(status(NodeState.NODE_ERROR, [c.name], PEER_LOST));
          }
        }
        if (req.follow) {
          for (const name of cluster.nodeNames) {
            if (!cluster.isNodeAvailable(name)) resumeAt.delete(name);
            if (active.has(name) || !cluster.isNodeAvailable(name)) continue;
            const ring = cluster.ring(name);
            const cursor = Math.min(resumeAt.get(name) ?? ring.head, ring.head);
            cursors.push({ name, ring, cursor, end: Infinity, remaining: Infinity, done: false });
            active.add(name);
            resumeAt.delete(name);
          }
        }
      }

      let best: NodeCursor | null = null;
      let bestEntry: SimEntry | null = null;
      let lapped: NodeCursor | null = null;
      for (const c of cursors) {
        if (c.done) continue;
        if (c.cursor < c.ring.oldest) {
          lapped = c;
          break;
        }
        if (c.cursor >= c.end) {
          c.done = true;
          continue;
        }
        if (c.cursor >= c.ring.head) continue; // following: nothing new yet
        const e = c.ring.at(c.cursor);
        if (!bestEntry || cmpTime(e.sec, e.nanos, bestEntry.sec, bestEntry.nanos) < 0) {
          best = c;
          bestEntry = e;
        }
      }

      let ok = true;
      if (lapped) {
        ok = call.write(ringLost(lapped, cluster));
        lapped.cursor = lapped.ring.oldest;
      } else if (best && bestEntry) {
        best.cursor++;
        if (until && cmpTime(bestEntry.sec, bestEntry.nanos, until[0], until[1]) > 0) {
          best.done = true;
        } else if (!bestEntry.isFlow) {
          ok = call.write(bestEntry.bin);
        } else if (match(bestEntry)) {
          ok = call.write(bestEntry.bin);
          if (--best.remaining <= 0) best.done = true;
        }
      } else if (!req.follow || (until && cursors.every(c => c.done))) {
        // Bounded request fully served (a following one ends only once past `until`).
        call.end();
        return;
      } else {
        await sleep();
        continue;
      }
      if (!ok && !stopped) await sleep();
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', stop);
    call.removeListener('drain', poke);
  }
}

function openCursor(
  ring: NodeRing,
  name: string,
  req: GetFlowsRequest,
  number: number,
  since: Time | null,
  until: Time | null,
  match: EntryPredicate,
): NodeCursor {
  const start = since ? ring.lowerBound(since[0], since[1]) : ring.oldest;
  const end = until ? ring.upperBound(until[0], until[1]) : ring.head;
  const c: NodeCursor = {
    name,
    ring,
    cursor: start,
    end: req.follow ? Infinity : end,
    remaining: Infinity,
    done: false,
  };
  if (req.first) {
    if (number > 0) c.remaining = number;
  } else if (number > 0) {
    // The newest `number` matching flows before `end`, as the agent's ring reader rewinds.
    let found = 0;
    let seq = end;
    while (seq > start && found < number) {
      seq--;
      const e = ring.at(seq);
      if (e.isFlow && match(e)) found++;
    }
    c.cursor = seq;
  } else if (!since) {
    // Neither a count nor a start time: nothing historic, only what comes next.
    c.cursor = ring.head;
    if (!req.follow) c.end = ring.head;
  }
  return c;
}

type EntryPredicate = (e: SimEntry) => boolean;

/** Without filters nothing is decoded; with filters each candidate flow is decoded once. */
function entryMatcher(predicate: FlowPredicate, req: GetFlowsRequest): EntryPredicate {
  if (req.whitelist.length === 0 && req.blacklist.length === 0) return () => true;
  return e => {
    const r = e.response.responseTypes;
    return r.case === 'flow' && predicate(r.value);
  };
}

function ringLost(c: NodeCursor, cluster: SimCluster): GetFlowsResponse {
  const count = c.ring.oldest - c.cursor;
  const now = timestampMs(cluster.clock.now());
  return lostEventResponse(c.name, LostEventSource.HUBBLE_RING_BUFFER, count, now);
}

function toTime(ts: Timestamp | undefined): Time | null {
  return ts ? [Number(ts.seconds), ts.nanos] : null;
}
