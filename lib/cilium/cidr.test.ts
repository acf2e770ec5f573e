import { describe, expect, it } from 'vitest';
import { cidrContains, nodeOwningIP } from './cidr';
import { simulatedClusterView } from './sources/simulated';

describe('cidrContains', () => {
  it('handles IPv4 and IPv6 prefixes', () => {
    expect(cidrContains('10.100.1.0/24', '10.100.1.77')).toBe(true);
    expect(cidrContains('10.100.1.0/24', '10.100.2.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(cidrContains('fd00:10:244:2::/64', 'fd00:10:244:2::1a')).toBe(true);
    expect(cidrContains('fd00:10:244:2::/64', 'fd00:10:244:3::1a')).toBe(false);
    expect(cidrContains('::ffff:0:0/96', '::ffff:10.1.2.3')).toBe(true);
    expect(cidrContains('10.0.0.0/8', 'fd00::1')).toBe(false);
    expect(cidrContains('garbage', '10.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/40', '10.0.0.1')).toBe(false);
  });
});

describe('nodeOwningIP', () => {
  const { nodes } = simulatedClusterView({ nowMs: 0 });
  it('places pod, node and external addresses', () => {
    expect(nodeOwningIP(nodes, '10.100.2.33')).toBe('worker243');
    expect(nodeOwningIP(nodes, '192.168.1.242')).toBe('worker242');
    expect(nodeOwningIP(nodes, '203.0.113.10')).toBeNull();
  });
});
