import { describe, expect, it } from 'vitest';
import { buildTopology, podsOf, SIM_NODE_NAMES } from '@/lib/sim/topology';

describe('simulated topology', () => {
  const topo = buildTopology();

  it('has the three docs nodes with their pod CIDRs and InternalIPs', () => {
    expect(SIM_NODE_NAMES).toEqual(['master241', 'worker242', 'worker243']);
    expect(topo.nodes.map(n => [n.name, n.podCidr, n.internalIp, n.role])).toEqual([
      ['master241', '10.100.0.0/24', '192.168.1.241', 'control-plane'],
      ['worker242', '10.100.1.0/24', '192.168.1.242', 'worker'],
      ['worker243', '10.100.2.0/24', '192.168.1.243', 'worker'],
    ]);
  });

  it('places every pod in its node CIDR with a unique IP', () => {
    const ips = new Set<string>();
    for (const pod of topo.pods) {
      const node = topo.nodes.find(n => n.name === pod.node)!;
      expect(pod.ip.startsWith(node.podCidr.replace('0/24', ''))).toBe(true);
      const last = Number(pod.ip.split('.')[3]);
      expect(last).toBeGreaterThan(2);
      expect(last).toBeLessThan(255);
      ips.add(pod.ip);
    }
    expect(ips.size).toBe(topo.pods.length);
  });

  it('gives workloads realistic names, identities >= 256 and k8s labels', () => {
    const frontend = podsOf(topo, 'frontend');
    expect(frontend).toHaveLength(3);
    expect(new Set(frontend.map(p => p.node)).size).toBe(3);
    for (const p of frontend)
      expect(p.name).toMatch(/^frontend-7d9f8c6b5d-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(podsOf(topo, 'postgres').map(p => p.name)).toEqual(['postgres-0']);
    expect(podsOf(topo, 'postgres')[0]!.workloads).toEqual([
      { name: 'postgres', kind: 'StatefulSet' },
    ]);
    const byApp = new Map<string, number>();
    for (const p of topo.pods) {
      expect(p.identity).toBeGreaterThanOrEqual(256);
      expect(p.labels).toContain(`k8s:io.kubernetes.pod.namespace=${p.namespace}`);
      expect(p.labels).toEqual([...p.labels].sort());
      if (byApp.has(p.app)) expect(byApp.get(p.app)).toBe(p.identity);
      byApp.set(p.app, p.identity);
    }
    expect(new Set(byApp.values()).size).toBe(byApp.size);
    expect(podsOf(topo, 'coredns')[0]!.labels).toContain('k8s:k8s-app=kube-dns');
    expect(topo.namespaces).toEqual(['kube-system', 'monitoring', 'payments', 'shop']);
  });

  it('has reserved identities and a world destination', () => {
    expect(topo.reserved.host.identity).toBe(1);
    expect(topo.reserved.world.identity).toBe(2);
    expect(topo.reserved.health.identity).toBe(4);
    expect(topo.reserved.remoteNode.identity).toBe(6);
    expect(topo.reserved.kubeApiserver.identity).toBe(7);
    const stripe = topo.externals.find(e => e.name === 'api.stripe.com')!;
    expect(stripe.ip).toMatch(/^203\.0\.113\./);
    expect(stripe.labels).toContain('reserved:world');
  });

  it('is the same on every build', () => {
    expect(buildTopology()).toEqual(topo);
  });
});
