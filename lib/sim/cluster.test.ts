import { describe, expect, it } from 'vitest';
import { create, fromJson } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { FlowSchema, LostEventSource } from '@/proto/gen/flow/flow_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { readSampleFiles } from '@/lib/hubble/sample-files';
import { createSimCluster } from '@/lib/sim/cluster';
import { cmpTime, NodeRing, SimEntry } from '@/lib/sim/ring';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

function manualClock(start = T0) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe('NodeRing', () => {
  it('overwrites the oldest entries and keeps sequence numbers', () => {
    const ring = new NodeRing(3);
    const entry = (sec: number) => new SimEntry(new Uint8Array(), sec, 0, true);
    for (let i = 0; i < 5; i++) ring.push(entry(i));
    expect([ring.oldest, ring.head, ring.size]).toEqual([2, 5, 3]);
    expect(ring.at(2).sec).toBe(2);
    expect(() => ring.at(1)).toThrow(RangeError);
    expect(ring.lowerBound(3, 0)).toBe(3);
    expect(ring.upperBound(3, 0)).toBe(4);
    expect(ring.lowerBound(0, 0)).toBe(2);
    expect(ring.upperBound(9, 0)).toBe(5);
    expect(() => new NodeRing(0)).toThrow(RangeError);
  });
});

describe('SimCluster', () => {
  it('pre-fills history up to now and grows on advance, notifying subscribers', () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 300, historyMs: 10_000 });
    const heads = () => cluster.nodeNames.map(n => cluster.ring(n).head);
    const before = heads();
    expect(before.reduce((a, b) => a + b)).toBeGreaterThan(2000);
    for (const n of cluster.nodeNames) {
      const newest = cluster.ring(n).newest()!;
      expect(newest.sec * 1000).toBeLessThanOrEqual(T0);
      expect(cluster.ring(n).at(cluster.ring(n).oldest).sec * 1000).toBeGreaterThanOrEqual(
        T0 - 10_000,
      );
    }
    const events: string[] = [];
    cluster.subscribe(ev => events.push(ev));
    clock.t += 2_000;
    expect(cluster.advance()).toBeGreaterThan(300);
    expect(events).toEqual(['flows']);
    heads().forEach((h, i) => expect(h).toBeGreaterThan(before[i]!));
  });

  it('bounds every ring at its capacity', () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 5000, ringCapacity: 255 });
    clock.t += 5_000;
    cluster.advance();
    for (const n of cluster.nodeNames) {
      const ring = cluster.ring(n);
      expect(ring.size).toBe(255);
      expect(ring.oldest).toBeGreaterThan(0);
      for (let s = ring.oldest + 1; s < ring.head; s++) {
        const a = ring.at(s - 1);
        const b = ring.at(s);
        expect(cmpTime(a.sec, a.nanos, b.sec, b.nanos)).toBeLessThanOrEqual(0);
      }
    }
  });

  it('ticks on its own and skips ahead with lost events when it falls behind the clock', async () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 1000, historyMs: 1_000, tickMs: 20 });
    const heads = () => cluster.nodeNames.reduce((a, n) => a + cluster.ring(n).head, 0);
    const before = heads();
    cluster.start();
    expect(cluster.running).toBe(true);
    clock.t += 200;
    const deadline = Date.now() + 5_000;
    while (heads() === before && Date.now() < deadline) await new Promise(r => setTimeout(r, 10));
    expect(heads()).toBeGreaterThan(before);
    // The process stalls for 30 s: 30k flows are not generated after the fact.
    const stalled = heads();
    clock.t += 30_000;
    while (heads() === stalled && Date.now() < deadline + 5_000)
      await new Promise(r => setTimeout(r, 10));
    cluster.stop();
    expect(cluster.running).toBe(false);
    expect(heads() - stalled).toBeLessThan(1_000);
    for (const n of cluster.nodeNames) {
      const ring = cluster.ring(n);
      const lost = [];
      for (let s = ring.oldest; s < ring.head; s++) {
        const r = ring.at(s).response.responseTypes;
        if (r.case === 'lostEvents' && r.value.source === LostEventSource.OBSERVER_EVENTS_QUEUE)
          lost.push(r.value);
      }
      expect(lost).toHaveLength(1);
      expect(Number(lost[0]!.numEventsLost)).toBeGreaterThan(8_000);
      expect(
        Number(lost[0]!.last!.seconds) - Number(lost[0]!.first!.seconds),
      ).toBeGreaterThanOrEqual(29);
    }
  });

  it('aggregates ServerStatus like Relay and lists nodes', () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 500, historyMs: 30_000 });
    const st = cluster.serverStatus();
    expect(st.version).toBe('1.19.4');
    expect(st.maxFlows).toBe(3n * 4095n);
    expect(st.numFlows).toBe(
      BigInt(cluster.nodeNames.reduce((a, n) => a + cluster.ring(n).size, 0)),
    );
    expect(st.seenFlows).toBeGreaterThanOrEqual(st.numFlows);
    expect(st.numConnectedNodes).toBe(3);
    expect(st.numUnavailableNodes).toBe(0);
    expect(st.flowsRate).toBeGreaterThan(350);
    expect(st.flowsRate).toBeLessThan(650);
    expect(st.uptimeNs).toBeGreaterThan(3n * 86_400n * 1_000_000_000n);
    const nodes = cluster.nodes().nodes;
    expect(nodes.map(n => [n.name, n.address, n.state, n.tls?.enabled])).toEqual([
      ['master241', '192.168.1.241:4244', NodeState.NODE_CONNECTED, true],
      ['worker242', '192.168.1.242:4244', NodeState.NODE_CONNECTED, true],
      ['worker243', '192.168.1.243:4244', NodeState.NODE_CONNECTED, true],
    ]);
    for (const n of nodes) {
      expect(n.version).toBe('1.19.4');
      expect(n.maxFlows).toBe(4095n);
      expect(n.numFlows).toBe(BigInt(cluster.ring(n.name).size));
      expect(n.tls?.serverName).toBe(`${n.name}.default.hubble-grpc.cilium.io`);
    }
  });

  it('takes a node offline (setNodeAvailable and the node-down fault)', () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 500, historyMs: 5_000 });
    const events: string[] = [];
    cluster.subscribe(ev => events.push(ev));
    const head = cluster.ring('worker243').head;
    cluster.setFault('node-down');
    expect(events).toEqual(['nodes']);
    clock.t += 3_000;
    cluster.advance();
    expect(cluster.ring('worker243').head).toBe(head);
    expect(cluster.ring('worker242').head).toBeGreaterThan(0);
    const st = cluster.serverStatus();
    expect([st.numConnectedNodes, st.numUnavailableNodes, st.unavailableNodes]).toEqual([
      2,
      1,
      ['worker243'],
    ]);
    expect(st.maxFlows).toBe(2n * 4095n);
    const w243 = cluster.nodes().nodes.find(n => n.name === 'worker243')!;
    expect(w243.state).toBe(NodeState.NODE_UNAVAILABLE);
    expect(w243.numFlows).toBe(0n);
    cluster.setFault(null);
    expect(cluster.isNodeAvailable('worker243')).toBe(true);
    cluster.setNodeAvailable('master241', false);
    expect(cluster.serverStatus().unavailableNodes).toEqual(['master241']);
    expect(() => cluster.setNodeAvailable('nope', false)).toThrow();
  });

  it('reports namespaces with flows in the last hour, sorted', () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 500, historyMs: 20_000 });
    const ns = cluster.namespaces().namespaces;
    expect(ns.map(n => n.namespace)).toEqual(['kube-system', 'monitoring', 'payments', 'shop']);
    expect(ns.every(n => n.cluster === 'default')).toBe(true);
    clock.t += 3_700_000;
    expect(cluster.namespaces().namespaces).toEqual([]);
  });

  it('appends hand-made responses in time order only', () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 100, historyMs: 1_000 });
    const at = (ms: number) => ({
      seconds: BigInt(Math.floor(ms / 1000)),
      nanos: (ms % 1000) * 1e6,
    });
    cluster.append(
      create(GetFlowsResponseSchema, {
        responseTypes: {
          case: 'flow',
          value: create(FlowSchema, { nodeName: 'worker242', uuid: 'mine', time: at(T0 + 5) }),
        },
        nodeName: 'worker242',
        time: at(T0 + 5),
      }),
    );
    expect(cluster.ring('worker242').newest()!.response.responseTypes.value).toMatchObject({
      uuid: 'mine',
    });
    const lost = create(GetFlowsResponseSchema, {
      responseTypes: {
        case: 'lostEvents',
        value: { source: LostEventSource.PERF_EVENT_RING_BUFFER, numEventsLost: 3n },
      },
      nodeName: 'worker242',
      time: at(T0 - 60_000),
    });
    expect(() => cluster.append(lost)).toThrow(RangeError);
    expect(() => cluster.append({ ...lost, nodeName: 'elsewhere' })).toThrow(/no node/);
  });

  it('replays recorded responses grouped by node and sorted by time', () => {
    const msgs = readSampleFiles().flatMap(f =>
      f.lines.map(l => fromJson(GetFlowsResponseSchema, JSON.parse(l))),
    );
    const cluster = createSimCluster({ replay: msgs, ringCapacity: 16 });
    expect([...cluster.nodeNames].sort()).toEqual(['kind-control-plane', 'kind-kind/kind-worker']);
    const total = cluster.nodeNames.reduce((a, n) => a + cluster.ring(n).size, 0);
    expect(total).toBe(msgs.length);
    expect(cluster.ring('kind-kind/kind-worker').size).toBe(2);
    expect(cluster.advance()).toBe(0);
    const expected = new Set<string>();
    for (const m of msgs) {
      if (m.responseTypes.case !== 'flow') continue;
      for (const ep of [m.responseTypes.value.source, m.responseTypes.value.destination]) {
        if (ep?.namespace) expected.add(ep.namespace);
      }
    }
    expect(expected.has('bookinfo')).toBe(true);
    expect(cluster.namespaces().namespaces.map(n => n.namespace)).toEqual([...expected].sort());
  });
});
