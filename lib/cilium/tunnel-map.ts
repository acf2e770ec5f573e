/**
 * The node-to-node table (cilium-status.md §5). Derived from CiliumNode objects + cilium-config
 * (§5.3), which works on every version — the BPF tunnel map was removed in 1.18 (cilium#38839) — and
 * parsed from raw `cilium bpf tunnel list` (≤1.17, §5.1) or `cilium bpf ipcache list` (≥1.18, §5.2)
 * output when an operator pastes or execs it.
 */
import type {
  ClusterNetworking,
  ClusterNode,
  TunnelEntry,
  TunnelTable,
  TunnelVia,
} from '@/lib/model/cluster';
import { asArr, asObj, familyOf, isIPv4 } from './values';

/** Per-IP-pool IPAM modes: pods get IPs from cloud interfaces, no pod CIDRs to tunnel to. */
const PER_IP_IPAM = new Set(['eni', 'azure', 'alibabacloud', 'delegated-plugin']);

/**
 * Derives the cluster-wide table: one row per (node, pod CIDR), endpoint = the node's InternalIP.
 * IPv6 pod CIDRs map to the IPv4 node IP as the agent does (§5.1) unless the node has none.
 * Rows are sorted by node then prefix so the output is stable.
 */
export function deriveTunnelTable(nodes: ClusterNode[], net: ClusterNetworking): TunnelTable {
  const notes: string[] = [];
  const via: TunnelVia =
    net.routingMode === 'native'
      ? 'native'
      : net.routingMode === 'tunnel' || net.routingMode === 'hybrid'
        ? net.tunnelProtocol === 'unknown'
          ? 'unknown'
          : net.tunnelProtocol
        : 'unknown';
  const port = via === 'vxlan' || via === 'geneve' ? net.tunnelPort : null;
  const route =
    via !== 'native'
      ? null
      : net.autoDirectNodeRoutes === true
        ? ('auto-direct-node-routes' as const)
        : ('external' as const);

  if (net.routingMode === 'unknown') notes.push('routing mode unknown: cilium-config not readable');
  if (net.routingMode === 'hybrid')
    notes.push('hybrid routing: nodes on the same L2 segment use native routes, others the tunnel');
  if (route === 'external')
    notes.push('native routing without auto-direct-node-routes: routes come from BGP or the cloud');
  if (PER_IP_IPAM.has(net.ipamMode))
    notes.push(`ipam ${net.ipamMode}: per-IP pools, no pod-CIDR tunnel entries`);

  const entries: TunnelEntry[] = [];
  for (const node of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const endpoint =
      net.underlayProtocol === 'ipv6'
        ? (node.internalIPv6 ?? node.internalIP ?? node.externalIP)
        : (node.internalIP ?? node.externalIP ?? node.internalIPv6);
    if (!endpoint && node.podCIDRs.ipv4.length + node.podCIDRs.ipv6.length > 0)
      notes.push(`node ${node.name} has no InternalIP: tunnel endpoint unknown`);
    for (const family of ['ipv4', 'ipv6'] as const) {
      node.podCIDRs[family].forEach((prefix, i) => {
        entries.push({
          node: node.name,
          prefix,
          family,
          endpoint,
          via,
          port,
          route,
          encryptKey: node.encryptKey,
          primary: i === 0,
          origin: 'ciliumnode',
          nodeId: null,
        });
      });
    }
  }
  return { mode: net.routingMode, protocol: net.tunnelProtocol, port, entries, notes };
}

/**
 * What `cilium bpf tunnel list` on `observer` would show: every other node's primary CIDRs (the
 * agent never inserts its own node, nor secondary CIDRs). Empty in native mode.
 */
export function tunnelListSeenFrom(table: TunnelTable, observer: string): TunnelEntry[] {
  return table.entries.filter(
    e => e.node !== observer && e.primary && (e.via === 'vxlan' || e.via === 'geneve'),
  );
}

/** One parsed row of raw `bpf tunnel list` / `bpf ipcache list` output, before node matching. */
export interface RawTunnelRow {
  prefix: string;
  endpoint: string;
  encryptKey: number;
  nodeId: number | null;
  clusterId: number | null;
}

/**
 * Parses one `VALUE` cell leniently (§5.1): first token, strip `[]`, split on the last `:` into IP
 * and key; an optional second token is the node ID.
 */
export function parseTunnelValue(value: string): {
  endpoint: string;
  encryptKey: number;
  nodeId: number | null;
} | null {
  const tokens = value.trim().split(/\s+/);
  const first = tokens[0] ?? '';
  const colon = first.lastIndexOf(':');
  // `[fd00::1]:0` and `1.2.3.4:3`; a bare IPv6 without brackets has no key to split off.
  let ip = first;
  let key = 0;
  if (first.startsWith('[')) {
    const close = first.indexOf(']');
    ip = first.slice(1, close < 0 ? undefined : close);
    const rest = close < 0 ? '' : first.slice(close + 1);
    key = rest.startsWith(':') ? Number(rest.slice(1)) : 0;
  } else if (colon > 0 && isIPv4(first.slice(0, colon))) {
    ip = first.slice(0, colon);
    key = Number(first.slice(colon + 1));
  }
  if (!familyOf(ip) || !Number.isFinite(key)) return null;
  const nodeIdTok = tokens[1]?.replace(/^nodeid=/, '');
  const nodeId = nodeIdTok && /^\d+$/.test(nodeIdTok) ? Number(nodeIdTok) : null;
  return { endpoint: ip, encryptKey: key, nodeId };
}

/** Parses one `TUNNEL` key: `10.244.2.0`, `10.0.0.0:0` (≤1.14 generic key), `10.1.0.0@3`. */
function parseTunnelKey(key: string): { prefix: string; clusterId: number | null } | null {
  let k = key.trim().replace(/^\[|\]$/g, '');
  let clusterId: number | null = null;
  const at = k.lastIndexOf('@');
  if (at > 0) {
    clusterId = Number(k.slice(at + 1));
    k = k.slice(0, at);
  }
  const colon = k.lastIndexOf(':');
  if (colon > 0 && isIPv4(k.slice(0, colon)) && /^\d+$/.test(k.slice(colon + 1)))
    k = k.slice(0, colon);
  if (!familyOf(k)) return null;
  return { prefix: k, clusterId: Number.isFinite(clusterId) ? clusterId : null };
}

/**
 * Parses `cilium bpf tunnel list` output: the table form (`TUNNEL  VALUE` header) or `-o json`
 * (`{"10.244.2.0": ["172.21.0.2:3"]}`). Lines that do not parse are returned in `skipped`.
 */
export function parseBpfTunnelList(text: string): { rows: RawTunnelRow[]; skipped: string[] } {
  const rows: RawTunnelRow[] = [];
  const skipped: string[] = [];
  const trimmed = text.trim();
  const pairs: [string, string][] = [];
  if (trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`bpf tunnel list JSON is malformed: ${(e as Error).message}`);
    }
    for (const [k, v] of Object.entries(asObj(doc) ?? {})) {
      for (const val of asArr(v) ?? [v]) pairs.push([k, typeof val === 'string' ? val : '']);
    }
  } else {
    for (const line of trimmed.split(/\r?\n/)) {
      const l = line.trim();
      if (l === '' || /^TUNNEL\s+VALUE/i.test(l)) continue;
      const m = /^(\S+)\s+(.+)$/.exec(l);
      if (m) pairs.push([m[1] ?? '', m[2] ?? '']);
      else skipped.push(line);
    }
  }
  for (const [k, v] of pairs) {
    const key = parseTunnelKey(k);
    const val = parseTunnelValue(v);
    if (!key || !val) {
      skipped.push(`${k} ${v}`.trim());
      continue;
    }
    rows.push({ prefix: key.prefix, clusterId: key.clusterId, ...val });
  }
  return { rows, skipped };
}

/**
 * Parses `cilium-dbg bpf ipcache list` (table or `-o json`, ≥1.18) and keeps the tunnel-map equivalent
 * (§5.2): pod-CIDR keys (not /32 or /128 host entries) whose `tunnelendpoint` is set.
 */
export function parseBpfIpcacheList(text: string): { rows: RawTunnelRow[]; skipped: string[] } {
  const pairs: [string, string][] = [];
  const skipped: string[] = [];
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`bpf ipcache list JSON is malformed: ${(e as Error).message}`);
    }
    for (const [k, v] of Object.entries(asObj(doc) ?? {}))
      for (const val of asArr(v) ?? [v]) pairs.push([k, typeof val === 'string' ? val : '']);
  } else {
    for (const line of trimmed.split(/\r?\n/)) {
      const m = /^(\S+)\s+(.+)$/.exec(line.trim());
      if (m && !/^IP\s/i.test(line.trim())) pairs.push([m[1] ?? '', m[2] ?? '']);
    }
  }
  const rows: RawTunnelRow[] = [];
  for (const [key, value] of pairs) {
    const [net, len] = key.split('/');
    const family = familyOf(net ?? '');
    const ep = /tunnelendpoint=(\S+)/.exec(value)?.[1];
    if (!family || !len) {
      skipped.push(`${key} ${value}`);
      continue;
    }
    if ((family === 'ipv4' && len === '32') || (family === 'ipv6' && len === '128')) continue;
    if (!ep || ep === '0.0.0.0' || ep === '::' || !familyOf(ep)) continue;
    const k = /encryptkey=(\d+)/.exec(value)?.[1];
    const nid = /nodeid=(\d+)/.exec(value)?.[1];
    rows.push({
      prefix: key,
      endpoint: ep,
      encryptKey: k ? Number(k) : 0,
      nodeId: nid ? Number(nid) : null,
      clusterId: null,
    });
  }
  return { rows, skipped };
}

/**
 * Turns raw rows into TunnelEntry, naming the node whose IP is the endpoint (or whose pod CIDR
 * starts at the key), so pasted output lines up with the derived table.
 */
export function tunnelEntriesFromRows(
  rows: RawTunnelRow[],
  nodes: ClusterNode[],
  via: TunnelVia,
  port: number | null,
  origin: TunnelEntry['origin'] = 'bpf-tunnel-list',
): TunnelEntry[] {
  const byIP = new Map<string, string>();
  const byNet = new Map<string, string>();
  for (const n of nodes) {
    for (const ip of [n.internalIP, n.internalIPv6, n.externalIP]) if (ip) byIP.set(ip, n.name);
    for (const c of [...n.podCIDRs.ipv4, ...n.podCIDRs.ipv6]) {
      byNet.set(c, n.name);
      byNet.set(c.split('/')[0] ?? c, n.name);
    }
  }
  return rows.map(r => ({
    node: byIP.get(r.endpoint) ?? byNet.get(r.prefix) ?? 'unknown',
    prefix: r.prefix,
    family: familyOf(r.prefix) ?? 'ipv4',
    endpoint: r.endpoint,
    via,
    port,
    route: null,
    encryptKey: r.encryptKey,
    primary: true,
    origin,
    nodeId: r.nodeId,
  }));
}
