import { describe, expect, it } from 'vitest';
import { FlowGenerator } from '@/lib/sim/generator';
import { buildTopology } from '@/lib/sim/topology';
import { MAX_SIM_SCALE, MIN_SIM_SCALE, scaledInventory } from '@/lib/sim/topology-scale';
import { WORKLOADS } from '@/lib/sim/topology-data';

const workloadsOf = (topo: ReturnType<typeof buildTopology>) =>
  new Set(topo.pods.map(p => `${p.namespace}/${p.app}`));

describe('scaled topology (FLOWSCOPE_SIM_SCALE)', () => {
  it('leaves the default demo topology alone', () => {
    const topo = buildTopology();
    expect(workloadsOf(topo).size).toBe(WORKLOADS.length);
    expect(topo.calls).toEqual([]);
    expect(topo.nodes.map(n => n.podCidr)).toEqual([
      '10.100.0.0/24',
      '10.100.1.0/24',
      '10.100.2.0/24',
    ]);
  });

  it.each([
    [500, 49, 1_300, 1_700],
    [2_000, 199, 5_600, 6_300],
  ])(
    '%i workloads: the shop plus generated ones over ~N/10 namespaces and ~3 calls each',
    (scale, namespaces, minCalls, maxCalls) => {
      const topo = buildTopology({ scale });
      expect(workloadsOf(topo).size).toBe(scale);
      // The shop's namespaces (default has only a Service) plus the generated ones.
      expect(topo.namespaces.length).toBe(4 + namespaces);
      expect(topo.calls.length).toBeGreaterThan(minCalls);
      expect(topo.calls.length).toBeLessThan(maxCalls);
      const apps = new Set(topo.pods.map(p => p.app));
      const services = new Set(topo.services.map(s => s.name));
      const keys = new Set<string>();
      for (const c of topo.calls) {
        expect(apps.has(c.from) && apps.has(c.to) && services.has(c.svc)).toBe(true);
        expect(c.from).not.toBe(c.to);
        keys.add(`${c.from}>${c.to}`);
      }
      expect(keys.size).toBe(topo.calls.length);
      // Every pod on one of the three nodes, inside its node's CIDR, with unique IPs and endpoint
      // IDs per node.
      expect(new Set(topo.pods.map(p => p.node))).toEqual(new Set(topo.nodes.map(n => n.name)));
      expect(new Set(topo.pods.map(p => p.ip)).size).toBe(topo.pods.length);
      for (const node of topo.nodes) {
        const prefix = node.podCidr.split('.').slice(0, 2).join('.') + '.';
        const pods = topo.pods.filter(p => p.node === node.name);
        expect(pods.every(p => p.ip.startsWith(prefix))).toBe(true);
        expect(new Set(pods.map(p => p.endpointId)).size).toBe(pods.length);
      }
      expect(new Set(topo.services.map(s => s.clusterIp)).size).toBe(topo.services.length);
    },
  );

  it('is deterministic', () => {
    expect(buildTopology({ scale: 300 })).toEqual(buildTopology({ scale: 300 }));
    expect(scaledInventory(300)).not.toEqual(scaledInventory(301));
  });

  it('rejects scales out of range', () => {
    expect(() => scaledInventory(MIN_SIM_SCALE - 1)).toThrow(RangeError);
    expect(() => scaledInventory(MAX_SIM_SCALE + 1)).toThrow(RangeError);
    expect(() => scaledInventory(12.5)).toThrow(RangeError);
  });

  it('generates traffic on the generated calls', () => {
    const topo = buildTopology({ scale: 100 });
    const gen = new FlowGenerator({ startMs: 1_700_000_000_000, rate: 5_000, topology: topo });
    const generated = new Set(topo.calls.map(c => c.from));
    let hits = 0;
    for (const ev of gen.collect(1_700_000_002_000)) {
      const flow =
        ev.response.responseTypes.case === 'flow' ? ev.response.responseTypes.value : undefined;
      const app = flow?.source?.workloads[0]?.name;
      if (app && generated.has(app)) hits++;
    }
    expect(hits).toBeGreaterThan(100);
  });
});
