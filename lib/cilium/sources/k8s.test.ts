import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { assembleClusterView } from '../assemble';
import { inputsFromObjects, type ClusterObjects } from '../cluster-objects';
import { chartCiliumConfig } from '../k8s-objects';
import { parseBpfTunnelList, tunnelListSeenFrom } from '../tunnel-map';
import {
  forbidden,
  kubeconfigYaml,
  startFakeApiServer,
  type FakeApiServer,
  type FakeResponse,
} from '../testing/fake-apiserver';
import { kindObjects } from '../testing/kind-cluster';
import { readCiliumSample } from '../testing/samples';
import { collectKubernetesCluster, loadKubeConfig } from './k8s';

const servers: FakeApiServer[] = [];
const tmpFiles: string[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
  for (const f of tmpFiles.splice(0)) fs.rmSync(f, { force: true });
});

async function serve(objects: ClusterObjects, overrides: Record<string, FakeResponse> = {}) {
  const s = await startFakeApiServer({ objects, overrides });
  servers.push(s);
  return s;
}

function kubeConfigFor(server: string, skipTlsVerify = true): KubeConfig {
  const file = path.join(
    os.tmpdir(),
    `flowscope-kubeconfig-${process.pid}-${tmpFiles.length}-${Date.now()}.yaml`,
  );
  fs.writeFileSync(file, kubeconfigYaml(server, { skipTlsVerify }));
  tmpFiles.push(file);
  return loadKubeConfig(file).kubeConfig;
}

const now = () => 1_700_000_000_000;

describe('kubernetes source against a local API server', () => {
  it('reads everything and derives the tunnel table the objects imply', async () => {
    const objects = kindObjects();
    const s = await serve(objects);
    const view = await collectKubernetesCluster({ kubeConfig: kubeConfigFor(s.url), now });

    expect(view.problems).toEqual([]);
    // Same objects through HTTP or in memory give the same view.
    expect(view).toEqual(assembleClusterView(inputsFromObjects(objects, { nowMs: now() })));

    const { summary, tunnels, nodes } = view;
    expect(summary.ciliumVersion).toBe('1.16.3');
    expect(summary.health).toBe('ok');
    expect(summary.components.map(c => [c.name, c.health, c.desired, c.ready])).toEqual([
      ['cilium', 'ok', 3, 3],
      ['cilium-envoy', 'ok', 3, 3],
      ['cilium-operator', 'ok', 1, 1],
      ['hubble-relay', 'ok', 1, 1],
      ['hubble-ui', 'disabled', null, null],
      ['clustermesh-apiserver', 'disabled', null, null],
    ]);
    expect(summary.components[0]?.images).toEqual([
      { image: 'quay.io/cilium/cilium:v1.16.3', count: 3 },
    ]);
    expect(summary.networking).toMatchObject({
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      tunnelPort: 8472,
      kubeProxyReplacement: 'true',
      ipamMode: 'cluster-pool',
      encryption: 'ipsec',
      masquerade: { ipv4: true },
    });
    expect(summary.hubble).toMatchObject({ enabled: true, relayEnabled: true, uiEnabled: false });
    // coredns, 2 echo pods and relay are managed; the hostNetwork pod is not counted.
    expect(summary.clusterPods).toEqual({ managed: 4, total: 4 });

    expect(nodes.map(n => [n.name, n.internalIP, n.ciliumInternalIP, n.agentPod?.phase])).toEqual([
      ['kind-control-plane', '172.21.0.5', '10.244.0.91', 'Running'],
      ['kind-worker', '172.21.0.2', '10.244.2.7', 'Running'],
      ['kind-worker2', '172.21.0.3', '10.244.1.150', 'Running'],
    ]);
    expect(
      tunnels.entries.map(
        e => `${e.node} ${e.prefix} -> ${e.endpoint} ${e.via}/${e.port} key ${e.encryptKey}`,
      ),
    ).toEqual([
      'kind-control-plane 10.244.0.0/24 -> 172.21.0.5 vxlan/8472 key 3',
      'kind-control-plane fd00:10:244::/64 -> 172.21.0.5 vxlan/8472 key 3',
      'kind-worker 10.244.2.0/24 -> 172.21.0.2 vxlan/8472 key 3',
      'kind-worker fd00:10:244:2::/64 -> 172.21.0.2 vxlan/8472 key 3',
      'kind-worker2 10.244.1.0/24 -> 172.21.0.3 vxlan/8472 key 3',
      'kind-worker2 fd00:10:244:1::/64 -> 172.21.0.3 vxlan/8472 key 3',
    ]);
    // And it is what `cilium bpf tunnel list` printed on kind-worker2 in the real sample.
    const { rows } = parseBpfTunnelList(readCiliumSample('bpf-tunnel-list_cilium-pr34482.txt'));
    const seen = tunnelListSeenFrom(tunnels, 'kind-worker2').map(
      e => `${e.prefix.split('/')[0]} ${e.endpoint}:${e.encryptKey}`,
    );
    expect(seen.sort()).toEqual(rows.map(r => `${r.prefix} ${r.endpoint}:${r.encryptKey}`).sort());
  });

  it('serves CiliumNode objects it has not built itself (the real samples)', async () => {
    const objects = kindObjects();
    objects.ciliumNodes = [
      parseYaml(readCiliumSample('ciliumnode_node1_kubeasz-notes_2025.yaml')) as Record<
        string,
        unknown
      >,
      parseYaml(
        readCiliumSample('ciliumnode_kind-control-plane_cilium-controlplane-fixture.yaml'),
      ) as Record<string, unknown>,
    ];
    objects.configMap = {
      ...objects.configMap,
      data: chartCiliumConfig({ 'tunnel-protocol': 'geneve' }),
    };
    const s = await serve(objects);
    const view = await collectKubernetesCluster({ kubeConfig: kubeConfigFor(s.url), now });
    expect(view.tunnels.entries.map(e => [e.node, e.prefix, e.endpoint, e.via, e.port])).toEqual([
      ['kind-control-plane', '10.244.0.0/24', '172.18.0.2', 'geneve', 6081],
      ['node1', '10.233.66.0/24', '172.16.7.30', 'geneve', 6081],
    ]);
  });

  it('reports a forbidden ConfigMap with the missing permission and still returns the rest', async () => {
    const s = await serve(kindObjects(), {
      '/api/v1/namespaces/kube-system/configmaps/cilium-config': forbidden(
        'get',
        'configmaps',
        '',
        'kube-system',
      ),
    });
    const view = await collectKubernetesCluster({ kubeConfig: kubeConfigFor(s.url), now });
    expect(view.problems).toEqual([
      {
        source: 'kubernetes:configmap/cilium-config',
        kind: 'forbidden',
        message:
          'forbidden: needs `get` on `configmaps` in namespace `kube-system` (cilium-config)',
        permission: { verb: 'get', resource: 'configmaps', apiGroup: '', namespace: 'kube-system' },
      },
    ]);
    expect(view.summary.networking.routingMode).toBe('unknown');
    expect(view.summary.hubble.enabled).toBe('unknown');
    expect(view.nodes).toHaveLength(3);
    expect(view.tunnels.entries).toHaveLength(6);
    expect(view.tunnels.entries.every(e => e.via === 'unknown' && e.endpoint !== null)).toBe(true);
    expect(view.summary.components[0]?.health).toBe('ok');
  });

  it('names the cluster-scoped rule when CiliumNodes are forbidden, and falls back to namespaced pods', async () => {
    const s = await serve(kindObjects(), {
      '/apis/cilium.io/v2/ciliumnodes': forbidden('list', 'ciliumnodes', 'cilium.io'),
      '/api/v1/pods': forbidden('list', 'pods'),
    });
    const view = await collectKubernetesCluster({ kubeConfig: kubeConfigFor(s.url), now });
    expect(view.problems.map(p => p.message)).toEqual([
      'forbidden: needs `list` on `ciliumnodes.cilium.io` (cluster-scoped)',
      'forbidden: needs `list` on `pods` (all namespaces)',
    ]);
    expect(s.requests).toContain('/api/v1/namespaces/kube-system/pods');
    expect(view.summary.clusterPods).toEqual({ managed: 4, total: null });
    expect(view.summary.components[0]?.phases).toEqual({ Running: 3 });
    // Nodes still come from the agent pods; the tunnel table has nothing to derive from.
    expect(view.nodes.map(n => n.name)).toEqual([
      'kind-control-plane',
      'kind-worker',
      'kind-worker2',
    ]);
    expect(view.tunnels.entries).toEqual([]);
  });

  it('gives one clear problem when the API server is unreachable', async () => {
    const s = await serve(kindObjects());
    const url = s.url;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const view = await collectKubernetesCluster({
      kubeConfig: kubeConfigFor(url),
      now,
      timeoutMs: 5000,
    });
    expect(view.problems).toHaveLength(1);
    expect(view.problems[0]).toMatchObject({
      kind: 'unreachable',
      message: `cannot reach the API server at ${url}: ECONNREFUSED`,
    });
    expect(view.problems[0]?.source).toContain('kubernetes:ciliumnodes');
    expect(view.summary.health).toBe('unknown');
    expect(view.nodes).toEqual([]);
  });

  it('times out a call that never answers without losing the others', async () => {
    const s = await serve(kindObjects(), { '/apis/cilium.io/v2/ciliumendpoints': { hang: true } });
    const started = Date.now();
    const view = await collectKubernetesCluster({
      kubeConfig: kubeConfigFor(s.url),
      now,
      timeoutMs: 1500,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(view.problems).toEqual([
      {
        source: 'kubernetes:ciliumendpoints',
        kind: 'timeout',
        message: 'kubernetes:ciliumendpoints did not answer within 1500 ms',
      },
    ]);
    expect(view.summary.clusterPods).toEqual({ managed: null, total: 4 });
    expect(view.tunnels.entries).toHaveLength(6);
  });

  it('degrades malformed objects to unknown', async () => {
    const objects = kindObjects();
    objects.ciliumNodes.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNode',
      metadata: {},
      spec: {},
    });
    objects.ciliumNodes.push({
      metadata: { name: 'weird' },
      spec: { addresses: 'oops', ipam: { podCIDRs: 'x' } },
    });
    objects.daemonSets = objects.daemonSets.map(d =>
      (d.metadata as { name: string }).name === 'cilium' ? { ...d, status: 'garbage' } : d,
    );
    objects.configMap = { ...objects.configMap, data: 'not-a-map' };
    const s = await serve(objects, {
      '/apis/cilium.io/v2/ciliumendpoints': { status: 200, raw: '{"items": [' },
    });
    const view = await collectKubernetesCluster({ kubeConfig: kubeConfigFor(s.url), now });
    expect(view.problems.map(p => [p.source, p.kind])).toEqual([
      ['kubernetes:ciliumendpoints', 'malformed'],
      ['kubernetes:configmap/cilium-config', 'malformed'],
      ['kubernetes:ciliumnodes', 'malformed'],
    ]);
    const cilium = view.summary.components.find(c => c.name === 'cilium');
    expect(cilium).toMatchObject({ health: 'unknown', desired: null, ready: null });
    expect(view.summary.networking.routingMode).toBe('unknown');
    expect(view.summary.clusterPods.managed).toBeNull();
    const weird = view.nodes.find(n => n.name === 'weird');
    expect(weird?.errors).toEqual([
      'spec.addresses is not a list',
      'spec.ipam.podCIDRs is not a list',
    ]);
    expect(view.nodes).toHaveLength(4);
  });

  it('talks plain http without insecure-skip-tls-verify, which client-node alone refuses', async () => {
    const s = await serve(kindObjects());
    const strict = kubeConfigFor(s.url, false);
    // client-node 1.x: an http:// server is rejected unless skipTLSVerify is set.
    await expect(
      strict
        .makeApiClient(CoreV1Api)
        .readNamespacedConfigMap({ name: 'cilium-config', namespace: 'kube-system' }),
    ).rejects.toThrow(/HTTP protocol is not allowed when skipTLSVerify is not set/);
    expect(s.requests).toEqual([]);
    const view = await collectKubernetesCluster({ kubeConfig: strict, now });
    expect(view.problems).toEqual([]);
    expect(view.tunnels.entries).toHaveLength(6);
  });

  it('reports a kubeconfig that cannot be loaded instead of throwing', async () => {
    const file = path.join(os.tmpdir(), `flowscope-bad-kubeconfig-${process.pid}.yaml`);
    fs.writeFileSync(file, 'clusters: [');
    tmpFiles.push(file);
    expect(() => loadKubeConfig(file)).toThrow();
    const prev = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      const view = await collectKubernetesCluster({ now });
      expect(view.problems).toEqual([
        expect.objectContaining({
          source: 'kubernetes',
          kind: 'error',
          message: expect.stringMatching(/^cannot load kubeconfig/),
        }),
      ]);
      expect(view.summary.health).toBe('unknown');
    } finally {
      if (prev === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = prev;
    }
  });
});
