import { afterEach, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { statusResponseDoc } from '../status-builder';
import {
  execExit,
  kubeconfigYaml,
  startFakeApiServer,
  type ExecScript,
  type FakeApiServer,
} from '../testing/fake-apiserver';
import { KIND_NODES, kindObjects } from '../testing/kind-cluster';
import { collectAgentStatuses, kubeExecRunner } from './exec';
import { collectKubernetesCluster } from './k8s';

const servers: FakeApiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.close()));
});

async function serve(exec: ExecScript) {
  const s = await startFakeApiServer({ objects: kindObjects(), exec });
  servers.push(s);
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml(s.url));
  return { s, kc };
}

const now = () => 1_700_000_000_000;

describe('kubernetes source with exec', () => {
  const peers = KIND_NODES.map(n => ({
    name: n.name,
    ipv4: n.internalIP,
    podCIDR: n.podCIDRs[0] ?? '',
  }));
  const doc = (node: string, extra = {}) =>
    JSON.stringify(
      statusResponseDoc({
        self: node,
        podCIDR: '10.244.0.0/24',
        ipv4Allocated: 5,
        controllers: 30,
        peers,
        ...extra,
      }),
    );

  it('collects per-node agent status, falls back to `cilium`, and isolates a hanging node', async () => {
    const agentPodNode = new Map<string, string>();
    const objects = kindObjects();
    for (const p of objects.pods) {
      const md = p.metadata as { name: string; labels: Record<string, string> };
      if (md.labels['k8s-app'] === 'cilium')
        agentPodNode.set(md.name, (p.spec as { nodeName: string }).nodeName);
    }
    const ran: string[] = [];
    const script: ExecScript = (pod, command) => {
      const node = agentPodNode.get(pod) ?? '';
      ran.push(`${node} ${command[0]}`);
      if (node === 'kind-worker2') return { hang: true };
      if (command[0] === 'cilium-health')
        return { stdout: JSON.stringify({ nodes: [{ name: 'kind/kind-worker' }] }) };
      // The 1.14 image on the control plane has no cilium-dbg yet.
      if (node === 'kind-control-plane' && command[0] === 'cilium-dbg')
        return {
          status: {
            status: 'Failure',
            message: 'exec: "cilium-dbg": executable file not found in $PATH: unknown',
          },
        };
      if (node === 'kind-worker')
        return {
          stdout: doc(node, { state: 'Warning', stateMsg: 'Stale status data' }),
          status: execExit(1),
        };
      return { stdout: doc(node) };
    };
    const { s, kc } = await serve(script);
    const view = await collectKubernetesCluster({ kubeConfig: kc, now, exec: { timeoutMs: 1500 } });
    expect(view.summary.sources).toEqual(['kubernetes', 'exec']);
    const byName = new Map(view.nodes.map(n => [n.name, n]));
    expect(byName.get('kind-control-plane')?.agent?.cilium.state).toBe('Ok');
    expect(byName.get('kind-control-plane')?.agent?.clusterHealth).toMatchObject({
      reachable: 1,
      total: 1,
    });
    // Exit code 1 still carries the document: the warning is shown, not an exec failure.
    expect(byName.get('kind-worker')?.agent?.unhealthy).toEqual([
      'cilium: Warning Stale status data',
    ]);
    expect(byName.get('kind-worker2')?.agent).toBeNull();
    expect(byName.get('kind-worker2')?.errors).toEqual([
      expect.stringMatching(/^exec into cilium-\w+ timed out after 1500 ms$/),
    ]);
    expect(view.problems).toEqual([
      expect.objectContaining({
        source: 'exec:kind-worker2',
        kind: 'timeout',
        node: 'kind-worker2',
      }),
    ]);
    expect(ran.filter(r => r.startsWith('kind-control-plane')).sort()).toEqual([
      'kind-control-plane cilium',
      'kind-control-plane cilium-dbg',
      'kind-control-plane cilium-health',
    ]);
    expect(s.requests.filter(r => r.endsWith('/exec')).length).toBe(ran.length);
  });

  it('reports forbidden exec once, with the pods/exec rule', async () => {
    const { kc } = await serve(() => ({ forbidden: true }));
    const view = await collectKubernetesCluster({ kubeConfig: kc, now, exec: { timeoutMs: 2000 } });
    expect(view.problems).toEqual([
      {
        source: 'exec',
        kind: 'forbidden',
        message:
          'forbidden: needs `create` on `pods/exec` in namespace `kube-system` (and `get`, for WebSocket exec)',
        permission: {
          verb: 'create',
          resource: 'pods/exec',
          apiGroup: '',
          namespace: 'kube-system',
        },
      },
    ]);
    expect(view.nodes.every(n => n.errors.includes('exec forbidden'))).toBe(true);
    expect(view.tunnels.entries).toHaveLength(6);
  });
});

describe('kubeExecRunner and collectAgentStatuses', () => {
  it('returns stdout, stderr and the exit code of one exec', async () => {
    const { kc } = await serve(() => ({ stdout: 'out', stderr: 'warn', status: execExit(3) }));
    const r = await kubeExecRunner(kc)(
      { namespace: 'kube-system', pod: 'cilium-x', container: 'cilium-agent' },
      ['cilium-dbg', 'status', '-o', 'json'],
      2000,
    );
    expect(r).toEqual({
      stdout: 'out',
      stderr: 'warn',
      exitCode: 3,
      error: null,
      httpStatus: null,
      timedOut: false,
    });
  });

  it('names a node whose agent prints something that is not a status document', async () => {
    const { kc } = await serve(() => ({ stdout: '{"truncated": ', status: execExit(1) }));
    const res = await collectAgentStatuses([{ name: 'cilium-x', node: 'n1' }], {
      runner: kubeExecRunner(kc),
      namespace: 'kube-system',
      timeoutMs: 2000,
      withHealth: false,
    });
    expect(res.agents).toEqual([]);
    expect(res.nodeErrors).toEqual([
      {
        node: 'n1',
        message: expect.stringMatching(
          /^exec into cilium-x failed: cilium-dbg status output is not valid JSON/,
        ),
      },
    ]);
    expect(res.problems[0]).toMatchObject({ source: 'exec:n1', kind: 'malformed', node: 'n1' });
  });
});
