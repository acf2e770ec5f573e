/**
 * CIDR containment for placing addresses on nodes: which node's pod CIDR holds a flow's IP, so the
 * cluster page can put overlay flows and drops on a node pair. IPv4 and IPv6, no dependencies.
 */
import type { ClusterNode } from '@/lib/model/cluster';
import { isIPv4 } from './values';

function v4ToBig(ip: string): bigint {
  return ip.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function v6ToBig(ip: string): bigint | null {
  const addr = ip.split('%')[0] ?? '';
  let groups: string[];
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(addr)?.[1];
  const base = tail ? addr.slice(0, -tail.length) + '0:0' : addr;
  const halves = base.split('::');
  if (halves.length > 2) return null;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (halves.length === 2)
    groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  else groups = left;
  if (groups.length !== 8 || groups.some(g => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  let n = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail && isIPv4(tail)) n = (n & ~0xffffffffn) | v4ToBig(tail);
  return n;
}

/** True when `ip` lies inside `cidr` (same family only); false for anything unparsable. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [net, lenStr] = cidr.split('/');
  const len = Number(lenStr);
  if (!net || !Number.isInteger(len)) return false;
  if (isIPv4(net) && isIPv4(ip)) {
    if (len < 0 || len > 32) return false;
    const mask = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(32 - len);
    return (v4ToBig(net) & mask) === (v4ToBig(ip) & mask);
  }
  const a = net.includes(':') ? v6ToBig(net) : null;
  const b = ip.includes(':') ? v6ToBig(ip) : null;
  if (a === null || b === null || len < 0 || len > 128) return false;
  const mask = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(128 - len);
  return (a & mask) === (b & mask);
}

/**
 * The node whose pod CIDRs contain `ip`, else the node whose own addresses (InternalIP, cilium_host,
 * health) equal it; null when none does (world, services, other clusters).
 */
export function nodeOwningIP(nodes: ClusterNode[], ip: string): string | null {
  for (const n of nodes) {
    if ([...n.podCIDRs.ipv4, ...n.podCIDRs.ipv6].some(c => cidrContains(c, ip))) return n.name;
  }
  for (const n of nodes) {
    const own = [
      n.internalIP,
      n.internalIPv6,
      n.externalIP,
      n.ciliumInternalIP,
      n.ciliumInternalIPv6,
      n.health.ipv4,
      n.health.ipv6,
    ];
    if (own.includes(ip)) return n.name;
  }
  return null;
}
