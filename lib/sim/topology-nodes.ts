/**
 * The simulated cluster's Kubernetes nodes. The demo shop runs on the Cilium docs' three nodes
 * (NODE_SPECS, /24 pod CIDRs). A scaled topology (`FLOWSCOPE_SIM_SCALE`) gets about one node per 50
 * workloads, as clusters are sized in practice, instead of piling thousands of pods onto three: each
 * node's Hubble ring holds 4,095 flows, so three rings could not keep a useful history at thousands
 * of flows per second, and the cluster page would show 3 nodes for 2,000 workloads.
 */
import type { SimNode } from '@/lib/sim/topology';
import { NODE_SPECS } from '@/lib/sim/topology-data';

/** A node as the topology tables describe it (labels and MAC are derived from the name). */
export type SimNodeSpec = Omit<SimNode, 'labels' | 'mac'>;

/** Workloads per node of a scaled topology. */
export const WORKLOADS_PER_NODE = 50;
/**
 * Most nodes of a scaled topology. Keeps pod CIDRs `10.(100+i).0.0/16` at or below 10.199, and the
 * per-node cost (one ring, one agent status, a full cilium-health mesh) bounded.
 */
export const MAX_SIM_NODES = 100;

/** An IPv4 address as a number, and back. */
export const ipv4ToNum = (ip: string): number =>
  ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
export const numToIpv4 = (n: number): string =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Node count of a scaled topology of `scale` workloads: ceil(scale / 50), from 3 to 100. */
export function simNodeCount(scale: number): number {
  return Math.min(
    MAX_SIM_NODES,
    Math.max(NODE_SPECS.length, Math.ceil(scale / WORKLOADS_PER_NODE)),
  );
}

/**
 * InternalIP of node `i`: counting on from master241's 192.168.1.241 over host addresses .1 to .254
 * (never a network or broadcast address), so the docs' three nodes keep their IPs and node 14 is
 * 192.168.2.1.
 */
export function simNodeInternalIp(i: number): string {
  const k = 240 + i; // 192.168.1.241 is host address number 240 (0-based) of 192.168.1.0/24
  return `192.168.${1 + Math.floor(k / 254)}.${1 + (k % 254)}`;
}

/**
 * The nodes of a topology: the docs' three without `scale`; with it, {@link simNodeCount} nodes,
 * master241 / worker242 / worker243 first, then worker244, worker245, ... Each scaled node has a /16
 * pod CIDR `10.(100+i).0.0/16`, with cilium_host on .0.1 and the health endpoint on .0.2, so
 * thousands of pods fit.
 */
export function simNodeSpecs(scale?: number): SimNodeSpec[] {
  if (scale === undefined) return NODE_SPECS;
  return Array.from({ length: simNodeCount(scale) }, (_, i) => ({
    name: NODE_SPECS[i]?.name ?? `worker${241 + i}`,
    role: NODE_SPECS[i]?.role ?? 'worker',
    internalIp: NODE_SPECS[i]?.internalIp ?? simNodeInternalIp(i),
    podCidr: `10.${100 + i}.0.0/16`,
    ciliumHostIp: `10.${100 + i}.0.1`,
    healthIp: `10.${100 + i}.0.2`,
  }));
}
