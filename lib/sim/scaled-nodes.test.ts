import { describe, expect, it } from 'vitest';
import type { Flow } from '@/proto/gen/flow/flow_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { createSimCluster } from '@/lib/sim/cluster';
import { FlowGenerator } from '@/lib/sim/generator';
import { buildTopology } from '@/lib/sim/topology';
import { stalePodIp } from '@/lib/sim/traffic-drops';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('node-level traffic on a scaled topology (10 nodes)', () => {
  const topo = buildTopology({ scale: 500 });
  const gen = new FlowGenerator({ startMs: T0, rate: 20_000, topology: topo });
  const flows: Flow[] = [];
  for (const ev of gen.collect(T0 + 5_000))
    if (ev.response.responseTypes.case === 'flow') flows.push(ev.response.responseTypes.value);
  const node = new Map(topo.nodes.map(n => [n.name, n]));
  const podByName = new Map(topo.pods.map(p => [p.name, p]));
  const internalIps = new Set(topo.nodes.map(n => n.internalIp));

  it('captures flows on every node', () => {
    expect(topo.nodes).toHaveLength(10);
    expect(new Set(flows.map(f => f.nodeName))).toEqual(new Set(node.keys()));
  });

  it('shows a pod with its endpoint ID only on the node it runs on', () => {
    let local = 0;
    const misplaced: string[] = [];
    for (const f of flows)
      for (const ep of [f.source, f.destination]) {
        if (!ep?.podName || ep.ID === 0) continue;
        if (podByName.get(ep.podName)?.node !== f.nodeName) misplaced.push(ep.podName);
        local++;
      }
    expect(local).toBeGreaterThan(1_000);
    expect(misplaced).toEqual([]);
  });

  it('sends kubelet probes from each node host, reserved:host only on its own node', () => {
    const hostSources = new Set<string>();
    const foreign: string[] = [];
    for (const f of flows) {
      if (f.source?.identity !== 1) continue;
      if (f.IP?.source !== node.get(f.nodeName)?.internalIp) foreign.push(f.nodeName);
      hostSources.add(f.IP!.source);
    }
    expect(foreign).toEqual([]);
    expect(hostSources).toEqual(internalIps);
  });

  it('runs cilium-health between all nodes and tunnels between node IPs', () => {
    const healthIps = new Set<string>();
    const tunnelEnds = new Set<string>();
    const bad: string[] = [];
    for (const f of flows) {
      if (f.source?.identity === 4 && f.destination?.identity === 4) {
        healthIps.add(f.IP!.source);
        healthIps.add(f.IP!.destination);
      }
      const outer = f.tunnel?.IP;
      if (!outer) continue;
      const ok =
        outer.source === node.get(f.nodeName)?.internalIp &&
        internalIps.has(outer.destination) &&
        outer.destination !== outer.source;
      if (!ok) bad.push(`${f.nodeName}: ${outer.source} -> ${outer.destination}`);
      tunnelEnds.add(outer.destination);
    }
    expect(bad).toEqual([]);
    expect(healthIps).toEqual(new Set(topo.nodes.map(n => n.healthIp)));
    expect(tunnelEnds).toEqual(internalIps);
  });

  it('streams from Hubble Relay to every agent on :4244', () => {
    const agents = new Set(
      flows
        .filter(f => f.l4?.protocol.case === 'TCP' && f.l4.protocol.value.destinationPort === 4244)
        .map(f => f.IP!.destination),
    );
    expect(agents).toEqual(internalIps);
  });
});

describe('stale pod IP (deleted pod) on worker243', () => {
  it('is 10.100.2.250 in the demo, as before', () => {
    expect(stalePodIp(buildTopology(), 2)).toBe('10.100.2.250');
  });

  it('stays inside worker243 CIDR and off every live pod when scaled', () => {
    const topo = buildTopology({ scale: 2_000 });
    const ip = stalePodIp(topo, 2);
    expect(topo.nodes[2]?.podCidr).toBe('10.102.0.0/16');
    expect(ip).toBe('10.102.255.250');
    expect(topo.pods.some(p => p.ip === ip)).toBe(false);
  });
});

describe('Relay answers of a scaled cluster', () => {
  const clock = { now: () => T0 };
  const cluster = createSimCluster({ clock, scale: 500, rate: 2_000, historyMs: 5_000 });

  it('lists every node in GetNodes and ServerStatus', () => {
    const nodes = cluster.nodes().nodes;
    expect(nodes).toHaveLength(10);
    expect(nodes.map(n => n.address)).toEqual(
      buildTopology({ scale: 500 }).nodes.map(n => `${n.internalIp}:4244`),
    );
    expect(nodes.every(n => n.state === NodeState.NODE_CONNECTED && n.numFlows > 0n)).toBe(true);
    expect(nodes[9]?.tls?.serverName).toBe('worker250.default.hubble-grpc.cilium.io');
    const status = cluster.serverStatus();
    expect(status.numConnectedNodes).toBe(10);
    expect(status.maxFlows).toBe(10n * 4095n);
  });

  it('takes only worker243 down with the node-down fault', () => {
    cluster.setFault('node-down');
    const status = cluster.serverStatus();
    expect([status.numConnectedNodes, status.unavailableNodes]).toEqual([9, ['worker243']]);
    expect(
      cluster
        .nodes()
        .nodes.filter(n => n.state !== NodeState.NODE_CONNECTED)
        .map(n => n.name),
    ).toEqual(['worker243']);
    cluster.setFault(null);
    expect(cluster.serverStatus().numConnectedNodes).toBe(10);
  });
});
