/**
 * Decodes the `cilium-config` ConfigMap (cilium-status.md §3) into ClusterNetworking and
 * HubbleSettings. Keys changed across versions: `tunnel` (≤1.14, removed in 1.15 by cilium#29053)
 * became `routing-mode` + `tunnel-protocol`; `kube-proxy-replacement` went from
 * strict/partial/probe/disabled to true/false in 1.15/1.16. Absent keys use the agent's default only
 * where that default is the same for the version in hand; otherwise they are 'unknown'.
 */
import type {
  ClusterNetworking,
  EncryptionMode,
  HubbleSettings,
  KubeProxyReplacementMode,
  RoutingMode,
  Tri,
  TunnelProtocol,
} from '@/lib/model/cluster';
import { asBool, asNum, asObj, minorVersion } from './values';

/** Linux's VXLAN default (not IANA 4789): Cilium's `TunnelPortVXLAN`. */
export const VXLAN_PORT = 8472;
/** IANA Geneve port: Cilium's `TunnelPortGeneve`. */
export const GENEVE_PORT = 6081;

/** Overlay UDP port for a protocol when `tunnel-port` is absent or 0 (auto). */
export function defaultTunnelPort(protocol: TunnelProtocol): number | null {
  if (protocol === 'vxlan') return VXLAN_PORT;
  if (protocol === 'geneve') return GENEVE_PORT;
  return null;
}

/** Networking with every field unknown: what a source reports when it could read nothing. */
export function unknownNetworking(): ClusterNetworking {
  return {
    routingMode: 'unknown',
    tunnelProtocol: 'unknown',
    tunnelPort: null,
    autoDirectNodeRoutes: 'unknown',
    underlayProtocol: 'auto',
    ipv4NativeRoutingCIDR: null,
    ipv6NativeRoutingCIDR: null,
    kubeProxyReplacement: 'unknown',
    ipamMode: 'unknown',
    ipv4Enabled: 'unknown',
    ipv6Enabled: 'unknown',
    masquerade: { ipv4: 'unknown', ipv6: 'unknown', bpf: 'unknown', ipMasqAgent: 'unknown' },
    encryption: 'unknown',
    hostRouting: 'unknown',
    datapathMode: 'unknown',
    clusterName: 'unknown',
    clusterId: null,
    routingSource: 'unknown',
  };
}

/** Normalises a KPR value from the ConfigMap or StatusResponse (`True`, `Strict`, "true", ...). */
export function normalizeKpr(v: unknown): KubeProxyReplacementMode {
  const s =
    typeof v === 'string' ? v.trim().toLowerCase() : typeof v === 'boolean' ? String(v) : '';
  const known: KubeProxyReplacementMode[] = [
    'true',
    'false',
    'strict',
    'partial',
    'probe',
    'disabled',
  ];
  return (known as string[]).includes(s) ? (s as KubeProxyReplacementMode) : 'unknown';
}

/** Normalises a tunnel protocol (`vxlan`, `Geneve`, ...). */
export function normalizeTunnelProtocol(v: unknown): TunnelProtocol {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return s === 'vxlan' || s === 'geneve' ? s : 'unknown';
}

function tri(v: unknown, absentDefault: Tri = 'unknown'): Tri {
  if (v === undefined) return absentDefault;
  return asBool(v) ?? 'unknown';
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function routingFrom(data: Record<string, unknown>): {
  mode: RoutingMode;
  protocol: TunnelProtocol;
} {
  const mode = text(data['routing-mode'])?.toLowerCase();
  const legacy = text(data['tunnel'])?.toLowerCase();
  const protoKey = data['tunnel-protocol'];
  if (mode === 'tunnel' || mode === 'native' || mode === 'hybrid') {
    // The chart writes tunnel-protocol even in native mode; absent means the agent default (vxlan).
    const protocol = protoKey === undefined ? 'vxlan' : normalizeTunnelProtocol(protoKey);
    return { mode, protocol };
  }
  if (mode !== undefined) return { mode: 'unknown', protocol: normalizeTunnelProtocol(protoKey) };
  if (legacy === 'disabled') return { mode: 'native', protocol: normalizeTunnelProtocol(protoKey) };
  if (legacy === 'vxlan' || legacy === 'geneve') return { mode: 'tunnel', protocol: legacy };
  if (legacy !== undefined) return { mode: 'unknown', protocol: 'unknown' };
  // Neither key: the agent default on every version is tunnel/vxlan.
  const protocol = protoKey === undefined ? 'vxlan' : normalizeTunnelProtocol(protoKey);
  return { mode: 'tunnel', protocol };
}

function underlayFrom(v: unknown): 'ipv4' | 'ipv6' | 'auto' {
  const s = text(v)?.toLowerCase();
  return s === 'ipv4' || s === 'ipv6' ? s : 'auto';
}

function encryptionFrom(data: Record<string, unknown>): EncryptionMode {
  const wg = asBool(data['enable-wireguard']);
  const ipsec = asBool(data['enable-ipsec']);
  if (wg === true) return 'wireguard';
  if (ipsec === true) return 'ipsec';
  if (wg === false || ipsec === false) return 'disabled';
  // Both keys absent: the agent defaults are off.
  if (data['enable-wireguard'] === undefined && data['enable-ipsec'] === undefined)
    return 'disabled';
  return 'unknown';
}

/**
 * Decodes `cilium-config` `data`. `version` (e.g. from the agent image) lets absent keys take the
 * defaults of that version; without it, version-dependent defaults stay 'unknown'.
 */
export function decodeCiliumConfig(
  data: unknown,
  version?: string | null,
): { networking: ClusterNetworking; hubble: HubbleSettings } {
  const d = asObj(data);
  if (!d) return { networking: unknownNetworking(), hubble: unknownHubble() };
  const mv = minorVersion(version);
  const atLeast = (minor: number) => mv !== null && (mv[0] > 1 || mv[1] >= minor);

  const { mode, protocol } = routingFrom(d);
  const portRaw = asNum(d['tunnel-port']);
  const tunnelPort = portRaw !== null && portRaw > 0 ? portRaw : defaultTunnelPort(protocol);

  let kpr = normalizeKpr(d['kube-proxy-replacement']);
  // ≥1.16 only knows true/false and defaults to false; older defaults varied (probe/partial/disabled).
  if (d['kube-proxy-replacement'] === undefined && atLeast(16)) kpr = 'false';

  const legacyHost = asBool(d['enable-host-legacy-routing']);
  const clusterId = asNum(d['cluster-id']);
  const networking: ClusterNetworking = {
    routingMode: mode,
    tunnelProtocol: protocol,
    tunnelPort,
    autoDirectNodeRoutes: tri(d['auto-direct-node-routes'], false),
    underlayProtocol: underlayFrom(d['underlay-protocol']),
    ipv4NativeRoutingCIDR: text(d['ipv4-native-routing-cidr']),
    ipv6NativeRoutingCIDR: text(d['ipv6-native-routing-cidr']),
    kubeProxyReplacement: kpr,
    ipamMode: text(d['ipam']) ?? (atLeast(14) ? 'cluster-pool' : 'unknown'),
    ipv4Enabled: tri(d['enable-ipv4'], true),
    ipv6Enabled: tri(d['enable-ipv6'], false),
    masquerade: {
      ipv4: tri(d['enable-ipv4-masquerade'], true),
      ipv6: tri(d['enable-ipv6-masquerade'], true),
      bpf: tri(d['enable-bpf-masquerade'], false),
      ipMasqAgent: tri(d['enable-ip-masq-agent'], false),
    },
    encryption: encryptionFrom(d),
    // BPF host routing needs KPR/BPF masquerade; only an explicit key tells us which one is in use.
    hostRouting: legacyHost === true ? 'Legacy' : legacyHost === false ? 'BPF' : 'unknown',
    datapathMode: text(d['datapath-mode']) ?? 'veth',
    clusterName: text(d['cluster-name']) ?? 'default',
    clusterId: clusterId ?? 0,
    routingSource: 'configmap',
  };
  return { networking, hubble: hubbleFrom(d) };
}

function unknownHubble(): HubbleSettings {
  return {
    enabled: 'unknown',
    relayEnabled: 'unknown',
    uiEnabled: 'unknown',
    listenAddress: null,
    metricsServer: null,
    metrics: null,
  };
}

function hubbleFrom(d: Record<string, unknown>): HubbleSettings {
  const metricsRaw = text(d['hubble-metrics']);
  return {
    // The agent flag defaults to false; the chart always writes the key.
    enabled: tri(d['enable-hubble'], false),
    relayEnabled: 'unknown',
    uiEnabled: 'unknown',
    listenAddress: text(d['hubble-listen-address']),
    metricsServer: text(d['hubble-metrics-server']),
    // "dns:query;ignoreAAAA drop httpV2:exemplars=true" → names only.
    metrics: metricsRaw
      ? metricsRaw
          .split(/\s+/)
          .map(m => m.split(':')[0] ?? '')
          .filter(m => m !== '')
      : [],
  };
}

/**
 * The CLI's "Configuration:" errors: annotations on cilium-config whose key starts with
 * `config.cilium.io` (written by the operator/agent when a value is rejected).
 */
export function configErrorsFromAnnotations(annotations: unknown): string[] {
  const a = asObj(annotations);
  if (!a) return [];
  return Object.entries(a)
    .filter(([k]) => k.startsWith('config.cilium.io'))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .sort();
}
