import { describe, expect, it } from 'vitest';
import { buildTopology } from '@/lib/sim/topology';
import { tunnelListSeenFrom } from '../tunnel-map';
import { simulatedClusterView } from './simulated';

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
});
