import { describe, expect, it } from 'vitest';
import { NODE_SPECS } from '@/lib/sim/topology-data';
import {
  MAX_SIM_NODES,
  simNodeCount,
  simNodeInternalIp,
  simNodeSpecs,
} from '@/lib/sim/topology-nodes';

const isHostIp = (ip: string) => {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every(p => Number.isInteger(p) && p >= 0 && p <= 255)
    ? (parts[3] as number) >= 1 && (parts[3] as number) <= 254
    : false;
};

describe('simulated nodes', () => {
  it('are the docs three, unchanged, without a scale', () => {
    expect(simNodeSpecs()).toBe(NODE_SPECS);
  });

  it.each([
    [10, 3],
    [150, 3],
    [151, 4],
    [500, 10],
    [2_000, 40],
    [4_950, 99],
    [5_000, 100],
  ])('scale %i: %i nodes (one per 50 workloads, 3 to 100)', (scale, nodes) => {
    expect(simNodeCount(scale)).toBe(nodes);
    expect(simNodeSpecs(scale)).toHaveLength(nodes);
  });

  it('counts InternalIPs on from 192.168.1.241 over host addresses only', () => {
    expect([0, 1, 2].map(simNodeInternalIp)).toEqual(NODE_SPECS.map(n => n.internalIp));
    expect(simNodeInternalIp(3)).toBe('192.168.1.244');
    expect(simNodeInternalIp(13)).toBe('192.168.1.254');
    expect(simNodeInternalIp(14)).toBe('192.168.2.1');
    expect(simNodeInternalIp(MAX_SIM_NODES - 1)).toBe('192.168.2.86');
  });

  it('keeps the docs three first and names the rest worker244, worker245, ...', () => {
    const specs = simNodeSpecs(500);
    expect(specs.slice(0, 3).map(n => [n.name, n.role, n.internalIp])).toEqual(
      NODE_SPECS.map(n => [n.name, n.role, n.internalIp]),
    );
    expect(specs.slice(3).map(n => n.name)).toEqual(
      ['244', '245', '246', '247', '248', '249', '250'].map(s => `worker${s}`),
    );
    expect(specs.slice(1).every(n => n.role === 'worker')).toBe(true);
    expect(specs[9]).toEqual({
      name: 'worker250',
      role: 'worker',
      internalIp: '192.168.1.250',
      podCidr: '10.109.0.0/16',
      ciliumHostIp: '10.109.0.1',
      healthIp: '10.109.0.2',
    });
  });

  it('gives all 100 nodes unique, valid names, InternalIPs and /16 pod CIDRs', () => {
    const specs = simNodeSpecs(5_000);
    for (const key of ['name', 'internalIp', 'podCidr', 'ciliumHostIp', 'healthIp'] as const)
      expect(new Set(specs.map(n => n[key])).size).toBe(specs.length);
    specs.forEach((n, i) => {
      expect(isHostIp(n.internalIp)).toBe(true);
      expect(n.podCidr).toBe(`10.${100 + i}.0.0/16`);
      expect(n.ciliumHostIp).toBe(`10.${100 + i}.0.1`);
      expect(n.healthIp).toBe(`10.${100 + i}.0.2`);
    });
    expect(specs.at(-1)?.podCidr).toBe('10.199.0.0/16');
  });
});
