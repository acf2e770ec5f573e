import { describe, expect, it } from 'vitest';
import {
  decodeStatus,
  decodeStatusText,
  extractStatusResponses,
  salvageStatusFragment,
  StatusDecodeError,
} from './decode-status';
import { decodeHealthStatus, withClusterHealth } from './decode-health';
import { parseGoDuration } from './json-doc';
import { statusResponseDoc, type StatusDocSpec } from './status-builder';
import { readCiliumSample } from './testing/samples';

const base: StatusDocSpec = {
  self: 'worker242',
  podCIDR: '10.100.1.0/24',
  ipv4Allocated: 11,
  controllers: 40,
  peers: [
    {
      name: 'master241',
      ipv4: '192.168.1.241',
      podCIDR: '10.100.0.0/24',
      healthIPv4: '10.100.0.2',
    },
    { name: 'worker242', ipv4: '192.168.1.242', podCIDR: '10.100.1.0/24' },
  ],
};

describe('real status fragments', () => {
  it('rejects the truncated 1.16 fragment with a clear error naming the position', () => {
    const text = readCiliumSample('cilium-status-json_issue35873_fragment-1.json.txt');
    expect(() => decodeStatusText(text, 'fragment-1')).toThrow(StatusDecodeError);
    expect(() => decodeStatusText(text, 'fragment-1')).toThrow(
      /^fragment-1 is not valid JSON at line \d+ column \d+ \(document truncated\?\)/,
    );
  });

  it('rejects documents that start mid-object as fragments', () => {
    const text = readCiliumSample('cilium-status-json_issue35873_fragment-2.json.txt');
    expect(() => decodeStatusText(text)).toThrow(
      /status document is not a JSON document: it starts with '"mode": "SNAT"/,
    );
    const cluster = readCiliumSample('cilium-status-json_issue13171_cluster-fragment.json.txt');
    expect(() => decodeStatusText(cluster)).toThrow(/a fragment\?/);
  });

  it('salvages the complete members of fragment-1', () => {
    const text = readCiliumSample('cilium-status-json_issue35873_fragment-1.json.txt');
    const { status, recovered, incomplete } = salvageStatusFragment(text);
    expect(recovered).toEqual(['attach-mode', 'auth-certificate-provider', 'bandwidth-manager']);
    expect(incomplete).toEqual(['bpf-maps']);
    expect(status.attachMode).toBe('tcx');
    expect(status.cilium.state).toBe('unknown');
    expect(status.controllers).toBeNull();
    expect(status.decodeWarnings).toContain('bpf-maps is truncated in the source text');
  });

  it('salvages kubernetes, kvstore and masquerading from fragment-2', () => {
    const text = readCiliumSample('cilium-status-json_issue35873_fragment-2.json.txt');
    const { status, recovered } = salvageStatusFragment(text);
    expect(recovered).toEqual(['kubernetes', 'kvstore', 'masquerading', 'nodeMonitor']);
    expect(status.kubernetes).toEqual({ state: 'Ok', msg: '1.31 (v1.31.1) [linux/amd64]' });
    expect(status.kvstore).toEqual({ state: 'Ok', msg: 'Disabled' });
    expect(status.masquerading).toEqual({ enabled: true, mode: 'BPF', ipv4: true, ipv6: false });
    // kube-proxy-replacement's opening was cut off, so its nested "mode" must not leak in.
    expect(status.kubeProxyReplacement).toBeNull();
    expect(status.unhealthy).toEqual([]);
  });

  it('salvages the cluster member with "nodes": null', () => {
    const text = readCiliumSample('cilium-status-json_issue13171_cluster-fragment.json.txt');
    const { status } = salvageStatusFragment(text);
    expect(status.self).toBe('node1');
    expect(status.peers).toBeNull();
    expect(status.clusterHealth).toMatchObject({ state: 'Ok', knownNodes: null });
  });

  it('fails clearly when nothing can be salvaged', () => {
    expect(() => salvageStatusFragment('{"bpf-maps": {"maps": [')).toThrow(
      /no complete StatusResponse member found \(cut off: bpf-maps\)/,
    );
  });
});

describe('decodeStatus on built documents', () => {
  it('decodes a healthy 1.19 agent', () => {
    const s = decodeStatus(
      statusResponseDoc({
        ...base,
        hubble: { current: 2048, max: 4096, seen: 7200, uptime: '1h0m0s' },
        hubbleMetricsTopLevel: true,
      }),
    );
    expect(s.self).toBe('worker242');
    expect(s.cilium.state).toBe('Ok');
    expect(s.controllers).toEqual({ total: 40, failing: [] });
    expect(s.ipam).toMatchObject({
      ipv4Allocated: 11,
      ipv4Capacity: 254,
      ipv4AllocatedFrom: '10.100.1.0/24',
    });
    expect(s.hubble).toMatchObject({
      fill: 0.5,
      flowsPerSecond: 2,
      uptimeSeconds: 3600,
      metricsState: 'Ok',
    });
    expect(s.routing).toEqual({
      interHost: 'Tunnel',
      intraHost: 'Legacy',
      tunnelProtocol: 'vxlan',
    });
    expect(s.kubeProxyReplacement).toMatchObject({
      mode: 'true',
      devices: ['eth0'],
      nodePortMode: 'SNAT',
    });
    expect(s.encryption).toEqual({ mode: 'disabled', msg: '', wireguardPeers: null });
    expect(s.peers?.map(p => [p.name, p.primaryIPv4, p.allocRangeV4])).toEqual([
      ['master241', '192.168.1.241', '10.100.0.0/24'],
      ['worker242', '192.168.1.242', '10.100.1.0/24'],
    ]);
    expect(s.clusterHealth?.knownNodes).toBe(2);
    expect(s.unhealthy).toEqual([]);
    expect(s.decodeWarnings).toEqual([]);
  });

  it('reads ≤1.15 host-routing and legacy KPR modes', () => {
    const s = decodeStatus(
      statusResponseDoc({ ...base, routing: null, hostRoutingLegacy: 'BPF', kpr: 'Strict' }),
    );
    expect(s.routing).toEqual({
      interHost: 'unknown',
      intraHost: 'BPF',
      tunnelProtocol: 'unknown',
    });
    expect(s.kubeProxyReplacement?.mode).toBe('strict');
  });

  it('names failing controllers and unhealthy subsystems as the CLI does', () => {
    const doc = statusResponseDoc({
      ...base,
      state: 'Warning',
      stateMsg: 'Stale status data',
      failingControllers: [
        {
          name: 'cilium-health-ep',
          failures: 29,
          msg: 'Get "http://10.1.132.248:4240/hello": timeout',
        },
      ],
    });
    const s = decodeStatus(doc);
    expect(s.controllers?.failing).toHaveLength(1);
    expect(s.unhealthy).toEqual([
      'cilium: Warning Stale status data',
      'controller cilium-health-ep is failing since 2026-01-01T00:00:00Z (29x): Get "http://10.1.132.248:4240/hello": timeout',
    ]);
  });

  it('tolerates missing and mistyped fields', () => {
    const s = decodeStatus({
      cilium: { state: 'Ok' },
      controllers: 'many',
      hubble: { state: 'Ok', observer: { 'max-flows': 'lots', uptime: 5 } },
      cluster: { nodes: {} },
      masquerading: 'yes',
      'some-future-key': { x: 1 },
    });
    expect(s.controllers).toBeNull();
    expect(s.hubble).toMatchObject({ maxFlows: null, fill: null, uptimeSeconds: 5e-9 });
    expect(s.masquerading).toBeNull();
    expect(s.routing).toBeNull();
    expect(s.decodeWarnings).toEqual([
      'controllers is not a list',
      'hubble.observer.max-flows is not a number',
      'cluster.nodes is not a list',
      'masquerading is not an object',
    ]);
    const empty = decodeStatus({ kvstore: {} });
    expect(empty.cilium.state).toBe('unknown');
    expect(empty.self).toBe('unknown');
  });

  it('rejects things that are not StatusResponses', () => {
    expect(() => decodeStatus([])).toThrow('status document must be a JSON object, got an array');
    expect(() => decodeStatus(null)).toThrow(/got null/);
    expect(() => decodeStatus({ items: [] })).toThrow(
      /not a StatusResponse: no known status keys \(found: items\)/,
    );
    expect(() => decodeStatusText('')).toThrow('status document is empty');
  });

  it('unwraps a cilium-cli `status -o json` summary', () => {
    const docs = extractStatusResponses({
      cilium_status: { 'cilium-abcde': statusResponseDoc(base) },
    });
    expect(docs.map(d => d.pod)).toEqual(['cilium-abcde']);
    expect(decodeStatus(docs[0]?.doc).self).toBe('worker242');
  });
});

describe('cilium-health status', () => {
  const ok = { icmp: { latency: 1289107, status: '' }, http: { latency: 599924, status: '' } };
  // Shaped after the issue 19266 sample: the IPv6 secondary path of k8s2 times out.
  const doc = {
    timestamp: '2022-03-27T09:23:57Z',
    local: { name: 'default/k8s1' },
    nodes: [
      { name: 'default/k8s1', host: { 'primary-address': { ip: '192.168.60.11', ...ok } } },
      {
        name: 'default/k8s2',
        host: {
          'primary-address': { ip: '192.168.60.12', ...ok },
          'secondary-addresses': [
            {
              ip: 'fd00::c',
              icmp: { status: 'Connection timed out' },
              http: { status: 'dial tcp [fd00::c]:4240: connect: no route to host' },
            },
          ],
        },
      },
      { name: 'default/k8s3', host: { 'primary-address': { ip: '192.168.60.13' } } },
    ],
  };

  it('counts reachable nodes with the failing path named', () => {
    const h = decodeHealthStatus(doc);
    expect(h).toMatchObject({ reachable: 2, total: 3, local: 'default/k8s1' });
    expect(h.unreachableNodes).toEqual(['default/k8s2 (fd00::c icmp: Connection timed out)']);
    const merged = withClusterHealth(decodeStatus(statusResponseDoc(base)), h);
    expect(merged.clusterHealth).toMatchObject({ reachable: 2, total: 3 });
    expect(merged.unhealthy).toContain('cluster health: 2/3 reachable');
    expect(() => decodeHealthStatus({ foo: 1 })).toThrow(/no "nodes" list/);
  });
});

describe('parseGoDuration', () => {
  it('parses time.Duration strings', () => {
    expect(parseGoDuration('1h2m3.5s')).toBe(3723.5);
    expect(parseGoDuration('250ms')).toBe(0.25);
    expect(parseGoDuration('0s')).toBe(0);
    expect(parseGoDuration('12')).toBeNull();
    expect(parseGoDuration('1h junk')).toBeNull();
    expect(parseGoDuration(42)).toBeNull();
  });
});
