import { describe, expect, it } from 'vitest';
import { createGraphAggregator } from '@/lib/aggregate/graph';
import { dropBetween, flowBetween, pod, reserved } from '@/lib/aggregate/testing/flow-builders';
import type { FlowRecord } from '@/lib/model/flow-record';
import { findHubs, HUB_MIN_EDGES, hideHubEdges } from './hubs';

const host = reserved('host', 1);
const prom = pod('monitoring', 'prometheus-0');

/** `n` workloads, each probed by the host and scraped by Prometheus, calling its neighbour. */
function cluster(n: number, extra: FlowRecord[] = []) {
  const agg = createGraphAggregator();
  const flows: FlowRecord[] = [...extra];
  for (let i = 0; i < n; i++) {
    const w = pod(`ns${i % 7}`, `app${i}-0`);
    flows.push(flowBetween(host, w), flowBetween(prom, w, { dstPort: 9090 }));
    flows.push(flowBetween(w, pod(`ns${(i + 1) % 7}`, `app${(i + 1) % n}-0`)));
  }
  agg.add(flows);
  return agg.snapshot('all');
}

describe('hub edges', () => {
  it('finds nodes that reach a large share of the graph', () => {
    const g = cluster(60);
    expect([...findHubs(g).keys()].sort()).toEqual(['monitoring/prometheus', 'reserved:host']);
    // Below the edge floor nothing is a hub, however central.
    expect(findHubs(cluster(HUB_MIN_EDGES - 5)).size).toBe(0);
  });

  it("leaves out a hub's healthy edges, keeps its failing ones and every edge of the kept node", () => {
    const victim = pod('ns3', 'app3-0');
    const g = cluster(60, [dropBetween(prom, victim, 'POLICY_DENIED', 133)]);
    const split = hideHubEdges(g, null);
    expect(split.hubs).toEqual(['monitoring/prometheus', 'reserved:host']);
    expect(split.hiddenEdges).toBe(120);
    expect(split.graph.nodes).toBe(g.nodes);
    expect(split.graph.edges).toHaveLength(g.edges.length - 120);
    const left = split.graph.edges.filter(e => e.source === 'monitoring/prometheus');
    expect(left.map(e => e.target)).toEqual(['ns3/app3']);
    expect(left[0]!.dropped).toBe(1);
    // Workload-to-workload edges are untouched.
    expect(split.graph.edges.filter(e => e.source.startsWith('ns'))).toHaveLength(60);

    const kept = hideHubEdges(g, 'reserved:host');
    expect(kept.hubs).toEqual(['monitoring/prometheus']);
    expect(kept.graph.edges.filter(e => e.source === 'reserved:host')).toHaveLength(60);
  });

  it('returns the graph itself when there is nothing to hide', () => {
    const g = cluster(10);
    expect(hideHubEdges(g, null).graph).toBe(g);
  });
});
