/**
 * Field decoders for StatusResponse sections (cilium-status.md §1.1), one per top-level key. Each
 * reads its section on its own so a mistyped or missing section only blanks that section; the
 * Reader collects what was mistyped for `decodeWarnings`. Assembled by decode-status.ts.
 */
import type { AgentStatus, FailingController, SubsystemState } from '@/lib/model/cluster';
import { normalizeKpr, normalizeTunnelProtocol } from './config';
import { parseGoDuration } from './json-doc';
import { asArr, asBool, asNum, asObj, asStr, dig, strList, type Obj } from './values';

/** Normalises `Status.state` (case-insensitive). */
export function normalizeState(v: unknown): SubsystemState {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  const map: Record<string, SubsystemState> = {
    ok: 'Ok',
    warning: 'Warning',
    failure: 'Failure',
    disabled: 'Disabled',
  };
  return map[s] ?? 'unknown';
}

/** Reads sections of one document and records the ones that have the wrong type. */
export class Reader {
  readonly warnings: string[] = [];
  constructor(readonly doc: Obj) {}

  /** Sub-object at `key`; null (with a warning when present but not an object). */
  obj(parent: unknown, path: string): Obj | null {
    const v = dig(parent, ...path.split('.'));
    if (v === undefined || v === null) return null;
    const o = asObj(v);
    if (!o) this.warnings.push(`${path} is not an object`);
    return o;
  }

  num(parent: Obj | null, key: string, where: string): number | null {
    const v = parent?.[key];
    if (v === undefined || v === null) return null;
    const n = asNum(v);
    if (n === null) this.warnings.push(`${where}.${key} is not a number`);
    return n;
  }

  status(path: string): { state: SubsystemState; msg: string } {
    const o = this.obj(this.doc, path);
    return { state: normalizeState(o?.state), msg: asStr(o?.msg) ?? '' };
  }
}

/** Decodes the `controllers` section; null when absent. */
export function decodeControllers(r: Reader): AgentStatus['controllers'] {
  const raw = r.doc.controllers;
  if (raw === undefined || raw === null) return null;
  const list = asArr(raw);
  if (!list) {
    r.warnings.push('controllers is not a list');
    return null;
  }
  const failing: FailingController[] = [];
  for (const c of list) {
    const st = asObj(dig(c, 'status'));
    const n = asNum(st?.['consecutive-failure-count']) ?? 0;
    if (n <= 0) continue;
    failing.push({
      name: asStr(dig(c, 'name')) ?? 'unknown',
      consecutiveFailures: n,
      lastFailureMsg: asStr(st?.['last-failure-msg']) ?? '',
      lastFailureTime: asStr(st?.['last-failure-timestamp']),
      lastSuccessTime: asStr(st?.['last-success-timestamp']),
    });
  }
  return { total: list.length, failing };
}

/** Decodes the `ipam` section; null when absent. */
export function decodeIpam(r: Reader): AgentStatus['ipam'] {
  const o = r.obj(r.doc, 'ipam');
  if (!o) return null;
  const status = asStr(o.status) ?? '';
  const v4 = /IPv4:\s*(\d+)\/(\d+)\s+allocated(?:\s+from\s+([^\s,]+))?/.exec(status);
  const v6 = /IPv6:\s*(\d+)\/(\d+)/.exec(status);
  const alloc = asObj(o.allocations);
  const v4list = asArr(o.ipv4);
  return {
    status,
    ipv4Allocated: v4 ? Number(v4[1]) : (v4list?.length ?? null),
    ipv4Capacity: v4 ? Number(v4[2]) : null,
    ipv4AllocatedFrom: v4?.[3] ?? null,
    ipv6Allocated: v6 ? Number(v6[1]) : (asArr(o.ipv6)?.length ?? null),
    allocations: alloc ? Object.keys(alloc).length : null,
  };
}

/** Decodes the `hubble` section; null when absent. */
export function decodeHubble(r: Reader): AgentStatus['hubble'] {
  const o = r.obj(r.doc, 'hubble');
  if (!o) return null;
  const obs = r.obj(o, 'observer');
  const current = r.num(obs, 'current-flows', 'hubble.observer');
  const max = r.num(obs, 'max-flows', 'hubble.observer');
  const seen = r.num(obs, 'seen-flows', 'hubble.observer');
  const up = obs?.uptime;
  const uptimeSeconds = typeof up === 'number' ? up / 1e9 : parseGoDuration(up);
  if (up !== undefined && uptimeSeconds === null)
    r.warnings.push('hubble.observer.uptime is not a duration');
  // ≥1.18 reports metrics at the top level; before that nested under hubble.
  const metrics = asObj(r.doc['hubble-metrics']) ?? asObj(o.metrics);
  return {
    state: normalizeState(o.state),
    msg: asStr(o.msg) ?? '',
    currentFlows: current,
    maxFlows: max,
    seenFlows: seen,
    uptimeSeconds,
    fill: current !== null && max ? current / max : null,
    flowsPerSecond: seen !== null && uptimeSeconds ? seen / uptimeSeconds : null,
    metricsState: normalizeState(metrics?.state),
  };
}

/** Decodes the `cluster` section's health part; null when absent. */
export function decodeCluster(r: Reader): AgentStatus['clusterHealth'] {
  const o = r.obj(r.doc, 'cluster');
  if (!o) return null;
  const health = r.obj(o, 'ciliumHealth');
  const nodes = o.nodes;
  const list = asArr(nodes);
  if (nodes !== undefined && nodes !== null && !list)
    r.warnings.push('cluster.nodes is not a list');
  return {
    state: normalizeState(health?.state),
    msg: asStr(health?.msg) ?? '',
    knownNodes: list ? list.length : null,
    reachable: null,
    total: null,
    unreachableNodes: [],
  };
}

/** Decodes `cluster.nodes` (the agent's node list); null when absent or `null`. */
export function decodePeers(r: Reader): AgentStatus['peers'] {
  const list = asArr(dig(r.doc, 'cluster', 'nodes'));
  if (!list) return null;
  const ip = (n: unknown, side: string, fam: string, key: string) => asStr(dig(n, side, fam, key));
  return list
    .filter(n => asStr(dig(n, 'name')))
    .map(n => ({
      name: (asStr(dig(n, 'name')) ?? '').split('/').pop() ?? '',
      primaryIPv4: ip(n, 'primary-address', 'ipv4', 'ip'),
      primaryIPv6: ip(n, 'primary-address', 'ipv6', 'ip'),
      allocRangeV4: ip(n, 'primary-address', 'ipv4', 'alloc-range'),
      allocRangeV6: ip(n, 'primary-address', 'ipv6', 'alloc-range'),
      healthIPv4: ip(n, 'health-endpoint-address', 'ipv4', 'ip'),
      healthIPv6: ip(n, 'health-endpoint-address', 'ipv6', 'ip'),
    }));
}

/** Decodes the `encryption` section; null when absent. */
export function decodeEncryption(r: Reader): AgentStatus['encryption'] {
  const o = r.obj(r.doc, 'encryption');
  if (!o) return null;
  const mode = (asStr(o.mode) ?? '').toLowerCase();
  const known = ['disabled', 'ipsec', 'wireguard', 'ztunnel'] as const;
  const ifaces = asArr(dig(o, 'wireguard', 'interfaces'));
  return {
    mode: (known as readonly string[]).includes(mode)
      ? (mode as (typeof known)[number])
      : 'unknown',
    msg: asStr(o.msg) ?? '',
    wireguardPeers: ifaces
      ? ifaces.reduce<number>((s, i) => s + (asNum(dig(i, 'peer-count')) ?? 0), 0)
      : null,
  };
}

/** Decodes `routing` (≥1.16) or `host-routing` (≤1.15); null when both are absent. */
export function decodeRouting(r: Reader): AgentStatus['routing'] {
  const o = r.obj(r.doc, 'routing');
  const legacy = r.obj(r.doc, 'host-routing');
  if (!o && !legacy) return null;
  const inter = asStr(o?.['inter-host-routing-mode'])?.toLowerCase();
  const intra = (asStr(o?.['intra-host-routing-mode']) ?? asStr(legacy?.mode))?.toLowerCase();
  return {
    interHost: inter === 'tunnel' ? 'Tunnel' : inter === 'native' ? 'Native' : 'unknown',
    intraHost: intra === 'bpf' ? 'BPF' : intra === 'legacy' ? 'Legacy' : 'unknown',
    tunnelProtocol: normalizeTunnelProtocol(o?.['tunnel-protocol']),
  };
}

/** Decodes the `kube-proxy-replacement` section; null when absent. */
export function decodeKpr(r: Reader): AgentStatus['kubeProxyReplacement'] {
  const o = r.obj(r.doc, 'kube-proxy-replacement');
  if (!o) return null;
  const devices = strList(o.devices);
  const fromList = (asArr(o.deviceList) ?? []).map(d => asStr(dig(d, 'name'))).filter(Boolean);
  return {
    mode: normalizeKpr(o.mode),
    devices: devices.length > 0 ? devices : (fromList as string[]),
    directRoutingDevice: asStr(o.directRoutingDevice),
    nodePortMode: asStr(dig(o, 'features', 'nodePort', 'mode')),
  };
}

/** Decodes the `masquerading` section; null when absent. */
export function decodeMasq(r: Reader): AgentStatus['masquerading'] {
  const o = r.obj(r.doc, 'masquerading');
  if (!o) return null;
  const tri = (v: unknown) => asBool(v) ?? 'unknown';
  const enabled = tri(o.enabled);
  // enabledProtocols omits false members (omitempty), so absent means off once masquerading is on.
  const proto = asObj(o.enabledProtocols);
  const fam = (k: string) =>
    proto ? (asBool(proto[k]) ?? false) : enabled === false ? false : 'unknown';
  return { enabled, mode: asStr(o.mode) ?? 'unknown', ipv4: fam('ipv4'), ipv6: fam('ipv6') };
}
