/**
 * Decodes a CiliumNode (`cilium.io/v2`, cilium-status.md §4) into a ClusterNode. The shape has been
 * stable from 1.14 to 1.19 (`spec.addresses`, `spec.ipam.podCIDRs`, `spec.health`), with multi-pool
 * IPAM adding `spec.ipam.pools.allocated[].cidrs`. Malformed parts degrade to null/[] and are named in
 * the node's `errors`; only an object without a name is rejected.
 */
import type { ClusterNode } from '@/lib/model/cluster';
import { asArr, asNum, asObj, asStr, dig, familyOf } from './values';

/** A `spec.addresses[]` entry with a recognised IP. */
export interface NodeAddress {
  ip: string;
  type: string;
  family: 'ipv4' | 'ipv6';
}

/** Parses `spec.addresses` leniently: entries without a valid IP are skipped and reported. */
export function decodeNodeAddresses(v: unknown): { addresses: NodeAddress[]; errors: string[] } {
  const errors: string[] = [];
  if (v === undefined || v === null) return { addresses: [], errors };
  const arr = asArr(v);
  if (!arr) return { addresses: [], errors: ['spec.addresses is not a list'] };
  const addresses: NodeAddress[] = [];
  arr.forEach((entry, i) => {
    const ip = asStr(dig(entry, 'ip'));
    const family = ip ? familyOf(ip) : null;
    if (!ip || !family || ip.includes('/')) {
      errors.push(`spec.addresses[${i}] has no valid ip`);
      return;
    }
    addresses.push({ ip, type: asStr(dig(entry, 'type')) ?? 'unknown', family });
  });
  return { addresses, errors };
}

function firstOf(addrs: NodeAddress[], type: string, family: 'ipv4' | 'ipv6'): string | null {
  return addrs.find(a => a.type === type && a.family === family)?.ip ?? null;
}

function cidrList(v: unknown, where: string, errors: string[]): string[] {
  if (v === undefined || v === null) return [];
  const arr = asArr(v);
  if (!arr) {
    errors.push(`${where} is not a list`);
    return [];
  }
  const out: string[] = [];
  for (const c of arr) {
    if (typeof c === 'string' && c.includes('/') && familyOf(c)) out.push(c);
    else errors.push(`${where} has an invalid CIDR ${JSON.stringify(c)}`);
  }
  return out;
}

/** Pod CIDRs in Cilium's order: `spec.ipam.podCIDRs`, then multi-pool `pools.allocated[].cidrs`. */
export function podCIDRsOf(obj: unknown, errors: string[] = []): string[] {
  const ipam = dig(obj, 'spec', 'ipam');
  const cidrs = cidrList(dig(ipam, 'podCIDRs'), 'spec.ipam.podCIDRs', errors);
  const allocated = dig(ipam, 'pools', 'allocated');
  if (allocated !== undefined && allocated !== null) {
    const pools = asArr(allocated);
    if (!pools) errors.push('spec.ipam.pools.allocated is not a list');
    for (const [i, pool] of (pools ?? []).entries()) {
      cidrs.push(...cidrList(dig(pool, 'cidrs'), `spec.ipam.pools.allocated[${i}].cidrs`, errors));
    }
  }
  return [...new Set(cidrs)];
}

function ipOrNull(v: unknown): string | null {
  const s = asStr(v);
  return s && familyOf(s) ? s : null;
}

/**
 * Decodes one CiliumNode object (parsed JSON/YAML). Returns null only when there is no
 * `metadata.name`, since a node without a name cannot be placed in the map.
 */
export function decodeCiliumNode(obj: unknown): ClusterNode | null {
  const name = asStr(dig(obj, 'metadata', 'name'));
  if (!name) return null;
  const errors: string[] = [];
  if (!asObj(dig(obj, 'spec'))) errors.push('CiliumNode has no spec');
  const { addresses, errors: addrErrors } = decodeNodeAddresses(dig(obj, 'spec', 'addresses'));
  errors.push(...addrErrors);
  const cidrs = podCIDRsOf(obj, errors);
  const key = asNum(dig(obj, 'spec', 'encryption', 'key'));

  const operatorError = asStr(dig(obj, 'status', 'ipam', 'operator-status', 'error'));
  if (operatorError) errors.push(`operator IPAM error: ${operatorError}`);
  const cidrStatus = asObj(dig(obj, 'status', 'ipam', 'pod-cidrs'));
  for (const [cidr, st] of Object.entries(cidrStatus ?? {})) {
    if (asStr(dig(st, 'status')) === 'depleted') errors.push(`pod CIDR ${cidr} is depleted`);
  }

  return {
    name,
    internalIP: firstOf(addresses, 'InternalIP', 'ipv4'),
    internalIPv6: firstOf(addresses, 'InternalIP', 'ipv6'),
    externalIP:
      firstOf(addresses, 'ExternalIP', 'ipv4') ?? firstOf(addresses, 'ExternalIP', 'ipv6'),
    ciliumInternalIP: firstOf(addresses, 'CiliumInternalIP', 'ipv4'),
    ciliumInternalIPv6: firstOf(addresses, 'CiliumInternalIP', 'ipv6'),
    podCIDRs: {
      ipv4: cidrs.filter(c => familyOf(c) === 'ipv4'),
      ipv6: cidrs.filter(c => familyOf(c) === 'ipv6'),
    },
    health: {
      ipv4: ipOrNull(dig(obj, 'spec', 'health', 'ipv4')),
      ipv6: ipOrNull(dig(obj, 'spec', 'health', 'ipv6')),
    },
    encryptKey: key !== null && key > 0 ? key : 0,
    wireguardPublicKey: asStr(dig(obj, 'metadata', 'annotations', 'network.cilium.io/wg-pub-key')),
    agent: null,
    agentPod: null,
    errors,
  };
}
