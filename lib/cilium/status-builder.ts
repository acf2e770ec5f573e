/**
 * Typed builder for StatusResponse documents (`cilium-dbg status -o json`) in the wire's kebab-case
 * shape, for the simulated cluster and for tests. No complete real document is public
 * (cilium-status.md §8), so the shape follows api/v1 models field by field.
 */

export interface StatusPeer {
  name: string;
  ipv4: string;
  podCIDR: string;
  healthIPv4?: string;
}

export interface StatusDocSpec {
  /** Node name (`cluster.self`). */
  self: string;
  clusterName?: string;
  state?: 'Ok' | 'Warning' | 'Failure';
  stateMsg?: string;
  k8sVersion?: string;
  podCIDR: string;
  ipv4Allocated: number;
  ipv4Capacity?: number;
  /** ≥1.16 `routing`; `null` writes the ≤1.15 `host-routing` key instead. */
  routing?: {
    inter: 'Tunnel' | 'Native';
    intra: 'BPF' | 'Legacy';
    protocol: 'vxlan' | 'geneve' | '';
  } | null;
  hostRoutingLegacy?: 'BPF' | 'Legacy';
  kpr?: 'True' | 'False' | 'Strict' | 'Partial' | 'Disabled';
  devices?: string[];
  controllers: number;
  failingControllers?: { name: string; failures: number; msg: string }[];
  hubble?: { current: number; max: number; seen: number; uptime: string } | null;
  /** ≥1.18 writes `hubble-metrics` at the top level. */
  hubbleMetricsTopLevel?: boolean;
  peers?: StatusPeer[] | null;
  masquerade?: { mode: 'BPF' | 'iptables'; ipv4: boolean; ipv6: boolean } | null;
  encryption?: 'Disabled' | 'IPsec' | 'Wireguard';
  attachMode?: 'tc' | 'tcx';
  datapathMode?: 'veth' | 'netkit';
}

const TS = '2026-01-01T00:00:00Z';

function controllerList(total: number, failing: StatusDocSpec['failingControllers'] = []) {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const f = failing[i];
    out.push({
      name: f?.name ?? `sync-controller-${i}`,
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      configuration: { 'error-retry': true, interval: '1m0s' },
      status: {
        'success-count': 10,
        'last-success-timestamp': TS,
        'failure-count': f ? f.failures : 0,
        'consecutive-failure-count': f ? f.failures : 0,
        ...(f ? { 'last-failure-timestamp': TS, 'last-failure-msg': f.msg } : {}),
      },
    });
  }
  return out;
}

/** Builds one agent's StatusResponse. */
export function statusResponseDoc(s: StatusDocSpec): Record<string, unknown> {
  const cluster = s.clusterName ?? 'default';
  const doc: Record<string, unknown> = {
    cilium: { state: s.state ?? 'Ok', msg: s.stateMsg ?? 'OK' },
    kvstore: { state: 'Ok', msg: 'Disabled' },
    kubernetes: {
      state: 'Ok',
      msg: s.k8sVersion ?? '1.33 (v1.33.1) [linux/amd64]',
      'k8s-api-versions': ['cilium/v2::CiliumNode', 'core/v1::Pods'],
    },
    controllers: controllerList(s.controllers, s.failingControllers),
    ipam: {
      status: `IPv4: ${s.ipv4Allocated}/${s.ipv4Capacity ?? 254} allocated from ${s.podCIDR}, `,
      ipv4: [],
    },
    'kube-proxy-replacement': {
      mode: s.kpr ?? 'True',
      devices: s.devices ?? ['eth0'],
      directRoutingDevice: (s.devices ?? ['eth0'])[0],
      features: { nodePort: { enabled: true, mode: 'SNAT', portMin: 30000, portMax: 32767 } },
    },
    encryption: { mode: s.encryption ?? 'Disabled' },
    'attach-mode': s.attachMode ?? 'tcx',
    'datapath-mode': s.datapathMode ?? 'veth',
    cluster: {
      ciliumHealth: { state: 'Ok' },
      self: `${cluster}/${s.self}`,
      nodes:
        s.peers === null
          ? null
          : (s.peers ?? []).map(p => ({
              name: `${cluster}/${p.name}`,
              'primary-address': { ipv4: { enabled: true, ip: p.ipv4, 'alloc-range': p.podCIDR } },
              'health-endpoint-address': p.healthIPv4
                ? { ipv4: { enabled: true, ip: p.healthIPv4 } }
                : undefined,
            })),
    },
  };
  if (s.routing === null) doc['host-routing'] = { mode: s.hostRoutingLegacy ?? 'Legacy' };
  else {
    const r = s.routing ?? { inter: 'Tunnel', intra: 'Legacy', protocol: 'vxlan' };
    doc.routing = {
      'inter-host-routing-mode': r.inter,
      'intra-host-routing-mode': r.intra,
      'tunnel-protocol': r.protocol,
    };
  }
  if (s.masquerade !== null) {
    const m = s.masquerade ?? { mode: 'BPF', ipv4: true, ipv6: false };
    doc.masquerading = {
      enabled: m.ipv4 || m.ipv6,
      mode: m.mode,
      enabledProtocols: { ...(m.ipv4 ? { ipv4: true } : {}), ...(m.ipv6 ? { ipv6: true } : {}) },
    };
  }
  if (s.hubble !== null) {
    const h = s.hubble ?? { current: 4095, max: 4095, seen: 100000, uptime: '1h0m0s' };
    const metrics = { state: 'Ok' };
    doc.hubble = {
      state: 'Ok',
      msg: '',
      observer: {
        'current-flows': h.current,
        'max-flows': h.max,
        'seen-flows': h.seen,
        uptime: h.uptime,
      },
      ...(s.hubbleMetricsTopLevel ? {} : { metrics }),
    };
    if (s.hubbleMetricsTopLevel) doc['hubble-metrics'] = metrics;
  }
  return JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
}
