import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ClusterNetworking, ClusterNode } from '@/lib/model/cluster';
import { decodeCiliumNode } from './ciliumnode';
import { decodeCiliumConfig } from './config';
import { ciliumNodeObject, chartCiliumConfig } from './k8s-objects';
import {
  deriveTunnelTable,
  parseBpfIpcacheList,
  parseBpfTunnelList,
  parseTunnelValue,
  tunnelEntriesFromRows,
  tunnelListSeenFrom,
} from './tunnel-map';
import { listCiliumSamples, readCiliumSample } from './testing/samples';

function net(overrides: Record<string, string> = {}, version = '1.19.4'): ClusterNetworking {
  return decodeCiliumConfig(chartCiliumConfig(overrides), version).networking;
}

function mustNode(obj: unknown): ClusterNode {
  const n = decodeCiliumNode(obj);
  if (!n) throw new Error('node did not decode');
  return n;
}

describe('CiliumNode samples', () => {
  const files = listCiliumSamples(/^ciliumnode_.*\.yaml$/);

  it('finds the CiliumNode YAML samples', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s decodes to a node whose tunnel endpoint is its InternalIP', file => {
    const obj: unknown = parseYaml(readCiliumSample(file));
    const node = mustNode(obj);
    expect(node.errors).toEqual([]);
    expect(node.internalIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(node.podCIDRs.ipv4.length).toBeGreaterThan(0);
    const table = deriveTunnelTable([node], net());
    expect(table.entries.length).toBe(node.podCIDRs.ipv4.length + node.podCIDRs.ipv6.length);
    for (const e of table.entries) {
      expect(e.endpoint).toBe(node.internalIP);
      // cilium_host is a router IP inside the pod CIDR, never a tunnel endpoint.
      expect(e.endpoint).not.toBe(node.ciliumInternalIP);
      expect(e).toMatchObject({ via: 'vxlan', port: 8472, origin: 'ciliumnode', node: node.name });
    }
  });

  it('reads the kubeasz node1 object field by field', () => {
    const node = mustNode(parseYaml(readCiliumSample('ciliumnode_node1_kubeasz-notes_2025.yaml')));
    expect(node).toMatchObject({
      name: 'node1',
      internalIP: '172.16.7.30',
      ciliumInternalIP: '10.233.66.89',
      podCIDRs: { ipv4: ['10.233.66.0/24'], ipv6: [] },
      health: { ipv4: '10.233.66.85', ipv6: null },
      encryptKey: 0,
    });
  });

  it('reads the kind control-plane fixture field by field', () => {
    const file = 'ciliumnode_kind-control-plane_cilium-controlplane-fixture.yaml';
    const node = mustNode(parseYaml(readCiliumSample(file)));
    expect(node).toMatchObject({
      name: 'kind-control-plane',
      internalIP: '172.18.0.2',
      ciliumInternalIP: '10.244.0.148',
      podCIDRs: { ipv4: ['10.244.0.0/24'], ipv6: [] },
      health: { ipv4: '10.244.0.8', ipv6: null },
    });
  });

  it('handles the dual-stack spec.addresses sample (two InternalIPs, two CiliumInternalIPs)', () => {
    const addresses: unknown = JSON.parse(
      readCiliumSample('ciliumnode-spec-addresses_issue19266.json'),
    );
    const obj = {
      metadata: { name: 'k8s2' },
      spec: { addresses, ipam: { podCIDRs: ['10.11.1.0/24', 'fd00::1:c600/120'] } },
    };
    const node = mustNode(obj);
    expect(node).toMatchObject({
      internalIP: '192.168.60.12',
      internalIPv6: 'fd00::c',
      ciliumInternalIP: '10.11.1.153',
      ciliumInternalIPv6: 'fd00::1:c60d',
    });
    const table = deriveTunnelTable([node], net());
    // The IPv6 pod CIDR rides the IPv4 underlay, as in the agent's tunnel map (§5.1).
    expect(table.entries.map(e => [e.prefix, e.endpoint])).toEqual([
      ['10.11.1.0/24', '192.168.60.12'],
      ['fd00::1:c600/120', '192.168.60.12'],
    ]);
    const v6 = deriveTunnelTable([node], net({ 'underlay-protocol': 'ipv6' }));
    expect(v6.entries.every(e => e.endpoint === 'fd00::c')).toBe(true);
  });
});

describe('deriveTunnelTable', () => {
  const nodes = [
    ciliumNodeObject({
      name: 'b',
      internalIP: '10.0.0.2',
      ciliumInternalIP: '10.1.1.1',
      podCIDRs: ['10.1.1.0/24', '10.9.0.0/24'],
    }),
    ciliumNodeObject({
      name: 'a',
      internalIP: '10.0.0.1',
      ciliumInternalIP: '10.1.0.1',
      podCIDRs: ['10.1.0.0/24'],
    }),
  ].map(mustNode);

  it('gives one sorted row per pod CIDR and marks the primary one', () => {
    const t = deriveTunnelTable(nodes, net());
    expect(t).toMatchObject({ mode: 'tunnel', protocol: 'vxlan', port: 8472, notes: [] });
    expect(t.entries.map(e => [e.node, e.prefix, e.endpoint, e.primary])).toEqual([
      ['a', '10.1.0.0/24', '10.0.0.1', true],
      ['b', '10.1.1.0/24', '10.0.0.2', true],
      ['b', '10.9.0.0/24', '10.0.0.2', false],
    ]);
  });

  it('uses Geneve 6081, or the tunnel-port override', () => {
    expect(deriveTunnelTable(nodes, net({ 'tunnel-protocol': 'geneve' })).entries[0]).toMatchObject(
      {
        via: 'geneve',
        port: 6081,
      },
    );
    expect(deriveTunnelTable(nodes, net({ 'tunnel-port': '9999' })).port).toBe(9999);
  });

  it('shows native routes: next hop InternalIP, installed by auto-direct-node-routes or externally', () => {
    const auto = deriveTunnelTable(
      nodes,
      net({ 'routing-mode': 'native', 'auto-direct-node-routes': 'true' }),
    );
    expect(auto.entries[0]).toMatchObject({
      via: 'native',
      port: null,
      route: 'auto-direct-node-routes',
      endpoint: '10.0.0.1',
    });
    const ext = deriveTunnelTable(nodes, net({ 'routing-mode': 'native' }));
    expect(ext.entries[0]?.route).toBe('external');
    expect(ext.notes.join()).toMatch(/BGP/);
    expect(tunnelListSeenFrom(ext, 'a')).toEqual([]);
  });

  it('includes multi-pool CIDRs and IPsec keys', () => {
    const n = mustNode(
      ciliumNodeObject({
        name: 'mp',
        internalIP: '10.0.0.9',
        pools: [
          { pool: 'default', cidrs: ['10.20.0.0/27'] },
          { pool: 'blue', cidrs: ['10.30.0.0/28'] },
        ],
        encryptKey: 3,
      }),
    );
    const t = deriveTunnelTable([n], net({ ipam: 'multi-pool' }));
    expect(t.entries.map(e => [e.prefix, e.encryptKey])).toEqual([
      ['10.20.0.0/27', 3],
      ['10.30.0.0/28', 3],
    ]);
  });

  it('explains empty tables for per-IP IPAM and unknown routing', () => {
    expect(
      deriveTunnelTable([], net({ ipam: 'eni', 'routing-mode': 'native' })).notes.join(),
    ).toMatch(/eni/);
    const unknown = deriveTunnelTable(nodes, decodeCiliumConfig(null).networking);
    expect(unknown.entries[0]?.via).toBe('unknown');
    expect(unknown.notes.join()).toMatch(/routing mode unknown/);
  });

  it('degrades malformed CiliumNodes instead of throwing', () => {
    expect(decodeCiliumNode({ spec: {} })).toBeNull();
    expect(decodeCiliumNode('garbage')).toBeNull();
    const n = mustNode({
      metadata: { name: 'bad' },
      spec: { addresses: 'not-a-list', ipam: { podCIDRs: ['10.5.0.0/24', 'nonsense', 42] } },
      status: { ipam: { 'operator-status': { error: 'allocation failed' } } },
    });
    expect(n.internalIP).toBeNull();
    expect(n.podCIDRs.ipv4).toEqual(['10.5.0.0/24']);
    expect(n.errors).toEqual([
      'spec.addresses is not a list',
      'spec.ipam.podCIDRs has an invalid CIDR "nonsense"',
      'spec.ipam.podCIDRs has an invalid CIDR 42',
      'operator IPAM error: allocation failed',
    ]);
    const t = deriveTunnelTable([n], net());
    expect(t.entries[0]?.endpoint).toBeNull();
    expect(t.notes.join()).toMatch(/bad has no InternalIP/);
  });
});

describe('parseBpfTunnelList', () => {
  it('parses the kind/IPsec sample (dual stack, key 3)', () => {
    const { rows, skipped } = parseBpfTunnelList(
      readCiliumSample('bpf-tunnel-list_cilium-pr34482.txt'),
    );
    expect(skipped).toEqual([]);
    expect(rows.map(r => [r.prefix, r.endpoint, r.encryptKey])).toEqual([
      ['fd00:10:244:2::', '172.21.0.2', 3],
      ['fd00:10:244::', '172.21.0.5', 3],
      ['10.244.2.0', '172.21.0.2', 3],
      ['10.244.0.0', '172.21.0.5', 3],
    ]);
  });

  it('matches what the CiliumNodes of that cluster imply, seen from the third node', () => {
    const kind = [
      { name: 'kind-control-plane', ip: '172.21.0.5', v4: '10.244.0.0/24', v6: 'fd00:10:244::/64' },
      { name: 'kind-worker', ip: '172.21.0.2', v4: '10.244.2.0/24', v6: 'fd00:10:244:2::/64' },
      { name: 'kind-worker2', ip: '172.21.0.3', v4: '10.244.1.0/24', v6: 'fd00:10:244:1::/64' },
    ].map(k =>
      mustNode(
        ciliumNodeObject({ name: k.name, internalIP: k.ip, podCIDRs: [k.v4, k.v6], encryptKey: 3 }),
      ),
    );
    const table = deriveTunnelTable(kind, net({ 'enable-ipsec': 'true', 'enable-ipv6': 'true' }));
    const derived = tunnelListSeenFrom(table, 'kind-worker2').map(e => [
      e.prefix.split('/')[0],
      e.endpoint,
      e.encryptKey,
    ]);
    const { rows } = parseBpfTunnelList(readCiliumSample('bpf-tunnel-list_cilium-pr34482.txt'));
    const raw = rows.map(r => [r.prefix, r.endpoint, r.encryptKey]);
    expect(new Set(derived.map(String))).toEqual(new Set(raw.map(String)));

    const entries = tunnelEntriesFromRows(rows, kind, 'vxlan', 8472);
    expect(entries.map(e => e.node)).toEqual([
      'kind-worker',
      'kind-control-plane',
      'kind-worker',
      'kind-control-plane',
    ]);
    expect(entries[0]).toMatchObject({ family: 'ipv6', origin: 'bpf-tunnel-list', port: 8472 });
  });

  it('parses older and newer value layouts and the JSON form', () => {
    const text = [
      'TUNNEL            VALUE',
      '10.0.0.0:0        192.168.1.2:0',
      'fd00::            [fd00::5]:0',
      '10.1.0.0@3        172.18.0.4:0 7',
      'garbage',
    ].join('\n');
    const { rows, skipped } = parseBpfTunnelList(text);
    expect(rows).toEqual([
      { prefix: '10.0.0.0', endpoint: '192.168.1.2', encryptKey: 0, nodeId: null, clusterId: null },
      { prefix: 'fd00::', endpoint: 'fd00::5', encryptKey: 0, nodeId: null, clusterId: null },
      { prefix: '10.1.0.0', endpoint: '172.18.0.4', encryptKey: 0, nodeId: 7, clusterId: 3 },
    ]);
    expect(skipped).toEqual(['garbage']);
    const json = parseBpfTunnelList('{"10.244.2.0": ["172.21.0.2:3"], "x": ["y"]}');
    expect(json.rows).toEqual([
      {
        prefix: '10.244.2.0',
        endpoint: '172.21.0.2',
        encryptKey: 3,
        nodeId: null,
        clusterId: null,
      },
    ]);
    expect(json.skipped).toEqual(['x y']);
    expect(() => parseBpfTunnelList('{"10.244.2.0": [')).toThrow(
      /bpf tunnel list JSON is malformed/,
    );
    expect(parseTunnelValue('not-an-ip:3')).toBeNull();
  });
});

describe('parseBpfIpcacheList (≥1.18)', () => {
  it('keeps pod-CIDR entries with a tunnel endpoint and drops host entries', () => {
    const text = [
      'IP PREFIX/ADDRESS   IDENTITY',
      '10.244.1.0/24       identity=2 encryptkey=0 tunnelendpoint=172.18.0.3 flags=hastunnel',
      '10.244.1.17/32      identity=4512 encryptkey=0 tunnelendpoint=172.18.0.3 flags=hastunnel',
      '10.244.0.0/24       identity=2 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>',
      '0.0.0.0/0           identity=2 encryptkey=0 tunnelendpoint=0.0.0.0 flags=<none>',
    ].join('\n');
    expect(parseBpfIpcacheList(text).rows).toEqual([
      {
        prefix: '10.244.1.0/24',
        endpoint: '172.18.0.3',
        encryptKey: 0,
        nodeId: null,
        clusterId: null,
      },
    ]);
    const json = parseBpfIpcacheList(
      '{"10.244.2.0/24": ["identity=2 encryptkey=3 tunnelendpoint=172.18.0.4 nodeid=9"]}',
    );
    expect(json.rows[0]).toMatchObject({ endpoint: '172.18.0.4', encryptKey: 3, nodeId: 9 });
  });
});
