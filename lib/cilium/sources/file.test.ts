import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { chartCiliumConfig, configMapObject, daemonSetObject } from '../k8s-objects';
import { statusResponseDoc } from '../status-builder';
import { readCiliumSample } from '../testing/samples';
import { collectFileCluster } from './file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowscope-file-source-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const peers = [
  { name: 'w1', ipv4: '10.0.0.1', podCIDR: '10.200.0.0/24' },
  { name: 'w2', ipv4: '10.0.0.2', podCIDR: '10.200.1.0/24' },
];

describe('file source', () => {
  it('combines CiliumNode YAML, cilium-config, status documents and salvaged fragments', async () => {
    const dir = dirWith({
      'ciliumnodes.yaml': [
        readCiliumSample('ciliumnode_node1_kubeasz-notes_2025.yaml'),
        readCiliumSample('ciliumnode_kind-control-plane_cilium-controlplane-fixture.yaml'),
      ].join('\n---\n'),
      'cilium-config.yaml': toYaml(
        configMapObject(chartCiliumConfig({ 'tunnel-protocol': 'geneve' })),
      ),
      'cilium-ds.json': JSON.stringify(
        daemonSetObject({
          name: 'cilium',
          images: ['quay.io/cilium/cilium:v1.15.6'],
          labels: { 'k8s-app': 'cilium' },
          desired: 2,
          ready: 1,
        }),
      ),
      'status-kind.json': JSON.stringify(
        statusResponseDoc({
          self: 'kind-control-plane',
          podCIDR: '10.244.0.0/24',
          ipv4Allocated: 4,
          controllers: 20,
          routing: { inter: 'Tunnel', intra: 'Legacy', protocol: 'geneve' },
        }),
      ),
      'node1-cluster.json.txt': readCiliumSample(
        'cilium-status-json_issue13171_cluster-fragment.json.txt',
      ),
      'notes.txt': 'nothing useful here',
      'ignored.bin': 'x',
    });
    const view = await collectFileCluster(dir, { nowMs: 1 });
    expect(view.summary.sources).toEqual(['file']);
    expect(view.nodes.map(n => [n.name, n.internalIP, n.agent?.self ?? null])).toEqual([
      ['kind-control-plane', '172.18.0.2', 'kind-control-plane'],
      ['node1', '172.16.7.30', 'node1'],
    ]);
    expect(view.tunnels.entries.map(e => [e.node, e.via, e.port])).toEqual([
      ['kind-control-plane', 'geneve', 6081],
      ['node1', 'geneve', 6081],
    ]);
    expect(view.summary.ciliumVersion).toBe('1.15.6');
    expect(view.summary.components.map(c => [c.name, c.health])).toEqual([
      ['cilium', 'error'],
      ['cilium-envoy', 'disabled'],
      ['cilium-operator', 'error'],
      ['hubble-relay', 'disabled'],
      ['hubble-ui', 'disabled'],
      ['clustermesh-apiserver', 'disabled'],
    ]);
    expect(view.problems.map(p => [path.basename(p.source), p.kind])).toEqual([
      ['node1-cluster.json.txt', 'malformed'],
      ['notes.txt', 'error'],
    ]);
    expect(view.problems[0]?.message).toMatch(
      /not a whole JSON document; used the complete parts only/,
    );
  });

  it('builds nodes and the tunnel table from agents alone when no CiliumNodes are given', async () => {
    const dir = dirWith({
      'w1.json': JSON.stringify(
        statusResponseDoc({
          self: 'w1',
          podCIDR: '10.200.0.0/24',
          ipv4Allocated: 3,
          controllers: 10,
          peers,
        }),
      ),
      'truncated.json': JSON.stringify(
        statusResponseDoc({
          self: 'w2',
          podCIDR: '10.200.1.0/24',
          ipv4Allocated: 3,
          controllers: 10,
          peers,
        }),
        null,
        2,
      ).slice(0, 400),
    });
    const view = await collectFileCluster(dir, { nowMs: 1 });
    expect(view.summary.networking).toMatchObject({
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      tunnelPort: 8472,
      routingSource: 'agent-status',
    });
    expect(view.tunnels.entries.map(e => [e.node, e.prefix, e.endpoint])).toEqual([
      ['w1', '10.200.0.0/24', '10.0.0.1'],
      ['w2', '10.200.1.0/24', '10.0.0.2'],
    ]);
    expect(view.problems).toEqual([
      expect.objectContaining({
        kind: 'malformed',
        message: expect.stringMatching(
          /^truncated\.json is not valid JSON at line \d+ column \d+ \(document truncated\?\).*used the complete parts only/,
        ),
      }),
    ]);
    expect(view.summary.health).toBe('ok');
  });

  it('reports an unreadable directory and garbage JSON without throwing', async () => {
    const missing = await collectFileCluster(
      path.join(os.tmpdir(), 'flowscope-does-not-exist-xyz'),
    );
    expect(missing.problems[0]).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/^cannot read directory/),
    });
    const dir = dirWith({ 'bad.json': '{"items": [1, 2', 'list.json': '[1, 2]' });
    const view = await collectFileCluster(dir);
    expect(view.problems.map(p => [path.basename(p.source), p.message])).toEqual([
      ['bad.json', expect.stringMatching(/^bad\.json is not valid JSON/)],
      ['list.json', 'status document must be a JSON object, got an array'],
    ]);
    expect(view.nodes).toEqual([]);
  });
});
