import { describe, expect, it } from 'vitest';
import { buildTopology } from '@/lib/sim/topology';
import { cidrContains } from '../cidr';
import { tunnelListSeenFrom } from '../tunnel-map';
import { simulatedCiliumConfig, simulatedClusterView } from './simulated';

/** First and last address of an IPv4 CIDR. */
function cidrEnds(cidr: string): [string, string] {
  const [net, len] = cidr.split('/') as [string, string];
  const n = net.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
  const last = n + 2 ** (32 - Number(len)) - 1;
  const ip = (x: number) => [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.');
  return [ip(n), ip(last)];
}

describe('simulated cluster status', () => {
  const view = simulatedClusterView({ nowMs: 1_700_000_000_000 });

  it('shows the three sim nodes with their IPs, cilium_host and pod CIDRs', () => {
    const topo = buildTopology();
    expect(
      view.nodes.map(n => [
        n.name,
        n.internalIP,
        n.ciliumInternalIP,
        n.podCIDRs.ipv4,
        n.health.ipv4,
      ]),
    ).toEqual(topo.nodes.map(n => [n.name, n.internalIp, n.ciliumHostIp, [n.podCidr], n.healthIp]));
    expect(view.nodes.map(n => [n.name, n.internalIP, n.podCIDRs.ipv4[0]])).toEqual([
      ['master241', '192.168.1.241', '10.100.0.0/24'],
      ['worker242', '192.168.1.242', '10.100.1.0/24'],
      ['worker243', '192.168.1.243', '10.100.2.0/24'],
    ]);
  });

  it('reports Cilium 1.19.4, VXLAN 8472, KPR, cluster-pool, Hubble and Relay', () => {
    expect(view.problems).toEqual([]);
    expect(view.summary).toMatchObject({
      sources: ['simulated'],
      ciliumVersion: '1.19.4',
      health: 'ok',
      nodeCount: 3,
      networking: {
        routingMode: 'tunnel',
        tunnelProtocol: 'vxlan',
        tunnelPort: 8472,
        kubeProxyReplacement: 'true',
        ipamMode: 'cluster-pool',
        hostRouting: 'BPF',
        routingSource: 'agent-status',
        masquerade: { ipv4: true, bpf: true },
      },
      hubble: { enabled: true, relayEnabled: true, uiEnabled: false },
    });
    const topo = buildTopology();
    // Every sim pod is Cilium-managed.
    expect(view.summary.clusterPods).toEqual({
      managed: topo.pods.length,
      total: topo.pods.length,
    });
    expect(view.summary.components.find(c => c.name === 'hubble-relay')?.phases).toEqual({
      Running: 1,
    });
  });

  it('has a full VXLAN mesh: each node tunnels to the two others', () => {
    expect(
      view.tunnels.entries.map(e => `${e.node} ${e.prefix} ${e.endpoint} ${e.via}/${e.port}`),
    ).toEqual([
      'master241 10.100.0.0/24 192.168.1.241 vxlan/8472',
      'worker242 10.100.1.0/24 192.168.1.242 vxlan/8472',
      'worker243 10.100.2.0/24 192.168.1.243 vxlan/8472',
    ]);
    expect(tunnelListSeenFrom(view.tunnels, 'worker242').map(e => e.endpoint)).toEqual([
      '192.168.1.241',
      '192.168.1.243',
    ]);
  });

  it('gives every node a healthy agent status consistent with the topology', () => {
    const topo = buildTopology();
    for (const n of view.nodes) {
      expect(n.errors).toEqual([]);
      expect(n.agentPod).toMatchObject({ phase: 'Running', ready: true });
      expect(n.agent).toMatchObject({
        self: n.name,
        unhealthy: [],
        routing: { interHost: 'Tunnel', tunnelProtocol: 'vxlan' },
        clusterHealth: { reachable: 3, total: 3 },
      });
      expect(n.agent?.ipam?.ipv4Allocated).toBe(
        topo.pods.filter(p => p.node === n.name).length + 2,
      );
      expect(n.agent?.ipam?.ipv4AllocatedFrom).toBe(n.podCIDRs.ipv4[0]);
      expect(n.agent?.ipam?.ipv4Capacity).toBe(254);
    }
  });

  it('takes live ring-buffer counters from the simulator', () => {
    const v = simulatedClusterView({
      nowMs: 0,
      hubble: node =>
        node === 'worker243' ? { current: 1000, max: 4000, seen: 900, uptimeSeconds: 90 } : null,
    });
    const h = v.nodes.find(n => n.name === 'worker243')?.agent?.hubble;
    expect(h).toMatchObject({ fill: 0.25, flowsPerSecond: 10, uptimeSeconds: 90 });
  });

  describe('cilium-config cluster pool', () => {
    it('keeps the demo on 10.100.0.0/16 carved into /24s', () => {
      expect(simulatedCiliumConfig(buildTopology())).toMatchObject({
        'cluster-pool-ipv4-cidr': '10.100.0.0/16',
        'cluster-pool-ipv4-mask-size': '24',
      });
    });

    it.each([100, 500, 2_000, 5_000])('holds every node CIDR at scale %i', scale => {
      const topo = buildTopology({ scale });
      const config = simulatedCiliumConfig(topo);
      const pool = config['cluster-pool-ipv4-cidr']!;
      expect(pool).toBe('10.0.0.0/8');
      expect(config['cluster-pool-ipv4-mask-size']).toBe('16');
      for (const n of topo.nodes)
        for (const ip of cidrEnds(n.podCidr)) expect(cidrContains(pool, ip), ip).toBe(true);
    });

    it('would not hold 10.199.0.0/16 in the /10 one might guess', () => {
      // The reason for /8: the scaled CIDRs straddle 10.128.0.0.
      expect(cidrContains('10.64.0.0/10', cidrEnds('10.199.0.0/16')[0])).toBe(false);
      const last = buildTopology({ scale: 5_000 }).nodes.at(-1)!;
      expect(last.podCidr).toBe('10.199.0.0/16');
    });
  });

  describe('at FLOWSCOPE_SIM_SCALE=2000', () => {
    const topo = buildTopology({ scale: 2_000 });
    const big = simulatedClusterView({ scale: 2_000, nowMs: 1_700_000_000_000 });

    it('reports the 40 nodes of the scaled topology', () => {
      expect(big.problems).toEqual([]);
      expect(big.summary.nodeCount).toBe(40);
      expect(
        big.nodes.map(n => [n.name, n.internalIP, n.ciliumInternalIP, n.podCIDRs.ipv4]),
      ).toEqual(topo.nodes.map(n => [n.name, n.internalIp, n.ciliumHostIp, [n.podCidr]]));
      expect(big.nodes.find(n => n.name === 'worker280')).toMatchObject({
        internalIP: '192.168.2.26',
        podCIDRs: { ipv4: ['10.139.0.0/16'] },
      });
      expect(big.summary.clusterPods).toEqual({
        managed: topo.pods.length,
        total: topo.pods.length,
      });
    });

    it('has one tunnel entry per node and a full mesh from every node', () => {
      const byNode = new Map(topo.nodes.map(n => [n.name, n]));
      expect(big.tunnels.entries).toHaveLength(40);
      expect(new Set(big.tunnels.entries.map(e => e.node))).toEqual(new Set(byNode.keys()));
      for (const e of big.tunnels.entries) {
        expect([e.prefix, e.endpoint, e.via, e.port]).toEqual([
          byNode.get(e.node)?.podCidr,
          byNode.get(e.node)?.internalIp,
          'vxlan',
          8472,
        ]);
      }
      expect(tunnelListSeenFrom(big.tunnels, 'worker280')).toHaveLength(39);
    });

    it('runs a healthy agent per node that knows all 40 nodes', () => {
      const podsOn = (node: string) => topo.pods.filter(p => p.node === node).length;
      expect(big.nodes.every(n => n.agentPod?.phase === 'Running')).toBe(true);
      for (const n of big.nodes) {
        expect(n.agent).toMatchObject({
          self: n.name,
          clusterHealth: { reachable: 40, total: 40 },
        });
        expect(n.agent?.ipam?.ipv4Allocated).toBe(podsOn(n.name) + 2);
        expect(n.agent?.ipam?.ipv4Capacity).toBe(65_534); // a /16 less network and broadcast
        expect(podsOn(n.name)).toBeGreaterThan(0);
      }
    });

    it('describes the same topology as passing it in', () => {
      expect(simulatedClusterView({ topology: topo, nowMs: 1_700_000_000_000 })).toEqual(big);
    });
  });
});
