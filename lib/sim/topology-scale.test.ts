import { describe, expect, it } from 'vitest';
import { FlowGenerator } from '@/lib/sim/generator';
import { buildTopology } from '@/lib/sim/topology';
import { MAX_SIM_SCALE, MIN_SIM_SCALE, scaledInventory } from '@/lib/sim/topology-scale';
import { WORKLOADS } from '@/lib/sim/topology-data';
import { ipv4ToNum } from '@/lib/sim/topology-nodes';

/** Whether an IPv4 address lies in an IPv4 CIDR. */
function inCidr(cidr: string, ip: string): boolean {
  const [net, len] = cidr.split('/');
  const size = 2 ** (32 - Number(len));
  const offset = ipv4ToNum(ip) - ipv4ToNum(net!);
  return offset >= 0 && offset < size;
}

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
      // Pods on every node, inside its node's CIDR, with unique IPs and endpoint IDs per node.
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

  it('keeps the three classic nodes and their /24 CIDRs without a scale', () => {
    const topo = buildTopology();
    expect(topo.nodes.map(n => [n.name, n.internalIp, n.podCidr])).toEqual([
      ['master241', '192.168.1.241', '10.100.0.0/24'],
      ['worker242', '192.168.1.242', '10.100.1.0/24'],
      ['worker243', '192.168.1.243', '10.100.2.0/24'],
    ]);
  });

  it.each([
    [150, 3],
    [500, 10],
    [2_000, 40],
  ])('%i workloads run on %i nodes, pods spread over all of them', (scale, nodeCount) => {
    const topo = buildTopology({ scale });
    expect(topo.nodes).toHaveLength(nodeCount);
    expect(topo.nodes.slice(0, 3).map(n => n.name)).toEqual([
      'master241',
      'worker242',
      'worker243',
    ]);
    for (const key of ['name', 'internalIp', 'podCidr', 'mac'] as const)
      expect(new Set(topo.nodes.map(n => n[key])).size).toBe(nodeCount);
    const byNode = new Map(topo.nodes.map(n => [n.name, [] as string[]]));
    for (const p of topo.pods) {
      const node = topo.nodes.find(n => n.name === p.node);
      expect(node, p.name).toBeDefined();
      expect(inCidr(node!.podCidr, p.ip), `${p.ip} in ${node!.podCidr}`).toBe(true);
      byNode.get(p.node)!.push(p.ip);
    }
    const counts = [...byNode.values()].map(ips => ips.length);
    // Round robin: every node within a few pods of the average (the shop adds its 16 to 3 nodes).
    const avg = topo.pods.length / nodeCount;
    expect(Math.min(...counts)).toBeGreaterThan(avg * 0.7);
    expect(Math.max(...counts)).toBeLessThan(avg * 1.3 + 16);
    // A workload's replicas sit on different nodes.
    const generated = new Set(topo.calls.map(c => c.from));
    for (const app of generated) {
      const nodes = topo.pods.filter(p => p.app === app).map(p => p.node);
      expect(new Set(nodes).size).toBe(nodes.length);
    }
  });

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
