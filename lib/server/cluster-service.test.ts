/**
 * The cluster service over the built-in cluster (sim status source, a sim hub over loopback gRPC),
 * overlay accounting from built FlowRecords, and the two route handlers called directly.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getCluster } from '@/app/api/v1/cluster/route';
import { GET as getTunnels } from '@/app/api/v1/cluster/tunnels/route';
import { loadKubeConfig } from '@/lib/cilium/sources/k8s';
import { simulatedClusterView } from '@/lib/cilium/sources/simulated';
import { forbidden, kubeconfigYaml, startFakeApiServer } from '@/lib/cilium/testing/fake-apiserver';
import { kindObjects } from '@/lib/cilium/testing/kind-cluster';
import type { ClusterResponseBody, TunnelsResponseBody } from '@/lib/model/cluster-api';
import type { NodeHealth } from '@/lib/model/hubble-health';
import { flowBetween, pod, world } from '@/lib/query/testing/flow-builder';
import { ClusterService, nodeHubbleHealth, setClusterService } from './cluster-service';
import { parseConfig } from './env';
import { FlowHub, setHub } from './flow-hub';
import { countOverlay, crossedOverlay, MAX_PAIRS } from './overlay-pairs';

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

const env = {
  FLOWSCOPE_RETAIN_FLOWS: '20000',
  FLOWSCOPE_RETAIN_RAW: '2000',
  HOSTNAME: '127.0.0.1',
};
const simNodes = simulatedClusterView({ nowMs: 0 }).nodes;
const on = (node: number, name: string) => pod('shop', name, { ip: `10.100.${node}.17` });

describe('overlay accounting', () => {
  it('counts TO_OVERLAY / cilium_vxlan flows per node pair and places cross-node drops on it', () => {
    const overlay = { traceObservationPoint: 'TO_OVERLAY', iface: 'cilium_vxlan' } as const;
    const flows = [
      flowBetween(on(1, 'web-1'), on(2, 'db-0'), { node: 'worker242', ...overlay }),
      flowBetween(on(1, 'web-1'), on(2, 'db-0'), { node: 'worker242', ...overlay }),
      // Seen on the vxlan device without a trace point (older agents): still the sender's side.
      flowBetween(on(0, 'api-1'), on(1, 'web-1'), {
        node: 'master241',
        iface: 'cilium_vxlan',
        traceObservationPoint: '',
      }),
      // The receiving node sees the same packet: not counted twice.
      flowBetween(on(1, 'web-1'), on(2, 'db-0'), {
        node: 'worker243',
        traceObservationPoint: 'FROM_OVERLAY',
        iface: 'cilium_vxlan',
      }),
      // Same-node traffic and traffic to the world are not overlay.
      flowBetween(on(1, 'web-1'), on(1, 'cache-0'), { node: 'worker242' }),
      flowBetween(on(1, 'web-1'), world('1.1.1.1'), { node: 'default/worker242', ...overlay }),
      flowBetween(on(1, 'web-1'), on(2, 'db-0'), {
        node: 'worker242',
        verdict: 'DROPPED',
        dropReason: 'POLICY_DENIED',
        traceObservationPoint: '',
      }),
      flowBetween(on(1, 'web-1'), on(2, 'db-0'), {
        node: 'worker243',
        verdict: 'DROPPED',
        dropReason: 'POLICY_DENIED',
        traceObservationPoint: '',
      }),
      // A drop between pods of one node belongs to no pair.
      flowBetween(on(2, 'db-0'), on(2, 'db-1'), { node: 'worker243', verdict: 'DROPPED' }),
    ];
    const acc = countOverlay(simNodes, flows);
    expect(acc.scanned).toBe(flows.length);
    expect(acc.unattributed).toBe(1);
    expect(acc.pairs.map(p => [p.from, p.to, p.flows, p.drops])).toEqual([
      ['master241', 'worker242', 1, 0],
      ['worker242', 'worker243', 2, 2],
    ]);
    expect(acc.pairs[1]!.dropReasons).toEqual({ POLICY_DENIED: 2 });
    expect(crossedOverlay({ traceObservationPoint: 'TO_STACK', iface: 'eth0' })).toBe(false);
  });

  it('counts every pair of a big cluster and says what did not fit the pair table', () => {
    const t = simNodes[0]!;
    const nodes = Array.from({ length: 102 }, (_, i) => ({
      ...t,
      name: `n${i}`,
      internalIP: `192.168.${i}.1`,
      podCIDRs: { ipv4: [`10.${i}.0.0/16`], ipv6: [] },
    }));
    const flows = [];
    for (let i = 0; i < nodes.length; i++) {
      for (let j = 0; j < nodes.length; j++) {
        if (i === j) continue;
        flows.push(
          flowBetween(
            pod('a', `p${i}`, { ip: `10.${i}.0.9` }),
            pod('b', `q${j}`, { ip: `10.${j}.0.9` }),
            {
              node: `n${i}`,
              traceObservationPoint: 'TO_OVERLAY',
            },
          ),
        );
      }
    }
    const acc = countOverlay(nodes, flows);
    expect(acc.pairs).toHaveLength(MAX_PAIRS);
    expect(acc.uncounted).toBe(flows.length - MAX_PAIRS);
    // A 100-node cluster's 9,900 directed pairs all fit.
    const hundred = flows.filter(f => !/^n10[01]$/.test(f.node));
    const small = countOverlay(nodes.slice(0, 100), hundred);
    expect(small.uncounted).toBe(0);
    expect(small.pairs.length + small.unattributed).toBe(hundred.length);
  });
});

describe('Hubble node health', () => {
  it('derives rate, buffer span and lost events from Relay numbers', () => {
    const h: NodeHealth = {
      name: 'default/worker242',
      state: 'NODE_CONNECTED',
      version: 'v1.19.4',
      address: '192.168.1.242:4244',
      tls: true,
      uptimeNs: 1_000e9,
      numFlows: 4095,
      maxFlows: 4095,
      seenFlows: 20_000,
      message: '',
      changedMs: 0,
    };
    const out = nodeHubbleHealth(h, { 'default/worker242': 3 });
    expect(out).toMatchObject({
      node: 'worker242',
      state: 'connected',
      flowsHeld: 4095,
      maxFlows: 4095,
      flowsPerSecond: 20,
      uptimeSeconds: 1000,
      lostEvents: 3,
    });
    expect(out.bufferSpanSeconds).toBeCloseTo(204.75, 2);
    // A young node has held everything it saw: the span is its uptime.
    const young = nodeHubbleHealth({ ...h, uptimeNs: 10e9, seenFlows: 100, numFlows: 100 }, {});
    expect(young.bufferSpanSeconds).toBe(10);
    expect(nodeHubbleHealth({ ...h, state: 'NODE_UNAVAILABLE', uptimeNs: 0 }, {})).toMatchObject({
      state: 'unavailable',
      flowsPerSecond: null,
      bufferSpanSeconds: null,
    });
    // A long-lived agent's lifetime average says little about now: a measured rate wins.
    const busy = nodeHubbleHealth({ ...h, uptimeNs: 72 * 3600e9 }, {}, 40.95);
    expect(busy.flowsPerSecond).toBe(40.95);
    expect(busy.bufferSpanSeconds).toBeCloseTo(100, 5);
  });
});

describe('ClusterService without a status source', () => {
  it('says what to configure, and turns a failing source into a problem, cached', async () => {
    const config = parseConfig({ ...env, FLOWSCOPE_STATUS_SOURCE: 'none' });
    const none = await new ClusterService({ config, hub: () => undefined }).cluster();
    expect(none.source).toBe('none');
    expect(none.nodes).toEqual([]);
    expect(none.hubble).toBeNull();
    expect(none.problems[0]?.message).toMatch(/FLOWSCOPE_STATUS_SOURCE=kubernetes/);

    let calls = 0;
    let t = 0;
    const failing = new ClusterService({
      config,
      hub: () => undefined,
      now: () => t,
      collect: () => {
        calls++;
        return Promise.reject(new Error('boom'));
      },
    });
    const v = await failing.view();
    expect(v.problems).toEqual([
      expect.objectContaining({ source: 'status:none', message: expect.stringMatching(/boom/) }),
    ]);
    await failing.view();
    expect(calls).toBe(1);
    t += 20_000;
    await failing.view();
    expect(calls).toBe(2);
  });
});

describe('ClusterService with the kubernetes source', () => {
  it('serves what the API allowed and names the RBAC rule it refused', async () => {
    const server = await startFakeApiServer({
      objects: kindObjects(),
      overrides: {
        '/apis/cilium.io/v2/ciliumnodes': forbidden('list', 'ciliumnodes', 'cilium.io'),
      },
    });
    const file = path.join(os.tmpdir(), `flowscope-cluster-service-${process.pid}.yaml`);
    try {
      fs.writeFileSync(file, kubeconfigYaml(server.url, { skipTlsVerify: true }));
      const config = parseConfig({ ...env, FLOWSCOPE_STATUS_SOURCE: 'kubernetes' });
      const svc = new ClusterService({
        config,
        hub: () => undefined,
        kubeConfig: loadKubeConfig(file).kubeConfig,
      });
      const body = await svc.cluster();
      expect(body.source).toBe('kubernetes');
      expect(body.summary.ciliumVersion).toBe('1.16.3');
      // Nodes are still known from the agent pods, but without CiliumNodes there are no pod CIDRs.
      expect(body.nodes.map(n => n.name).sort()).toEqual([
        'kind-control-plane',
        'kind-worker',
        'kind-worker2',
      ]);
      expect(body.nodes.every(n => n.podCIDRs.ipv4.length === 0)).toBe(true);
      expect(body.problems).toContainEqual(
        expect.objectContaining({
          kind: 'forbidden',
          permission: expect.objectContaining({ verb: 'list', resource: 'ciliumnodes' }),
        }),
      );
      const tunnels = await svc.tunnels();
      expect(tunnels.tunnels.entries).toEqual([]);
      expect(tunnels.overlay.scanned).toBe(0);
    } finally {
      fs.rmSync(file, { force: true });
      await server.close();
    }
  });
});

describe('ClusterService and routes on the built-in cluster', () => {
  let hub: FlowHub;
  beforeAll(async () => {
    const config = parseConfig({ ...env, FLOWSCOPE_SOURCE: 'sim', FLOWSCOPE_SIM_RATE: '400' });
    hub = new FlowHub(config).start();
    setHub(hub);
    setClusterService(new ClusterService({ config, hub: () => hub }));
    await waitFor(
      () => hub.info().nodes.length === 3 && hub.store.lastSeq > 500,
      15_000,
      'sim hub with node status and flows',
    );
  });
  afterAll(async () => {
    setClusterService(undefined);
    setHub(undefined);
    await hub.stop();
  });

  it('GET /api/v1/cluster: three nodes with pod CIDRs, VXLAN, and Hubble health per node', async () => {
    const res = await getCluster();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as ClusterResponseBody;
    expect(body.source).toBe('sim');
    expect(body.nodes.map(n => [n.name, n.internalIP, n.podCIDRs.ipv4])).toEqual([
      ['master241', '192.168.1.241', ['10.100.0.0/24']],
      ['worker242', '192.168.1.242', ['10.100.1.0/24']],
      ['worker243', '192.168.1.243', ['10.100.2.0/24']],
    ]);
    expect(body.summary.networking).toMatchObject({
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      tunnelPort: 8472,
    });
    expect(body.summary.health).toBe('ok');
    expect(body.problems).toEqual([]);
    expect(body.hubble?.nodes.map(n => [n.node, n.state])).toEqual([
      ['master241', 'connected'],
      ['worker242', 'connected'],
      ['worker243', 'connected'],
    ]);
    for (const n of body.hubble!.nodes) {
      expect(n.maxFlows).toBeGreaterThan(0);
      expect(n.flowsHeld).toBeLessThanOrEqual(n.maxFlows!);
      expect(n.flowsPerSecond).toBeGreaterThan(0);
      expect(n.bufferSpanSeconds).toBeGreaterThan(0);
      expect(n.bufferSpanSeconds).toBeLessThanOrEqual(n.uptimeSeconds!);
    }
    // The agents' own Hubble counters follow the simulated Relay's.
    const relay = hub.info().nodes.find(n => n.name === 'worker242')!;
    expect(body.nodes[1]!.agent?.hubble?.maxFlows).toBe(relay.maxFlows);
  });

  it('GET /api/v1/cluster/tunnels: the tunnel table and overlay flows between the nodes', async () => {
    const res = await getTunnels();
    expect(res.status).toBe(200);
    const body = (await res.json()) as TunnelsResponseBody;
    expect(body.tunnels).toMatchObject({ mode: 'tunnel', protocol: 'vxlan', port: 8472 });
    expect(body.tunnels.entries.map(e => [e.prefix, e.endpoint, e.via, e.port])).toEqual([
      ['10.100.0.0/24', '192.168.1.241', 'vxlan', 8472],
      ['10.100.1.0/24', '192.168.1.242', 'vxlan', 8472],
      ['10.100.2.0/24', '192.168.1.243', 'vxlan', 8472],
    ]);
    expect(body.nodes).toHaveLength(3);
    expect(body.overlay.scanned).toBeGreaterThan(500);
    expect(body.overlay.pairs.length).toBeGreaterThan(0);
    const names = new Set(['master241', 'worker242', 'worker243']);
    for (const p of body.overlay.pairs) {
      expect(names.has(p.from) && names.has(p.to) && p.from !== p.to).toBe(true);
    }
    expect(body.overlay.pairs.reduce((s, p) => s + p.flows, 0)).toBeGreaterThan(0);
  });
});
