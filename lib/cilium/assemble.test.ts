import { describe, expect, it } from 'vitest';
import { assembleClusterView } from './assemble';
import { buildClusterObjects, inputsFromObjects } from './cluster-objects';
import { decodeStatus } from './decode-status';
import { chartCiliumConfig } from './k8s-objects';
import { statusResponseDoc, type StatusDocSpec } from './status-builder';

const nodes = [
  { name: 'n1', internalIP: '10.0.0.1', ciliumInternalIP: '10.10.0.1', podCIDRs: ['10.10.0.0/24'] },
  { name: 'n2', internalIP: '10.0.0.2', ciliumInternalIP: '10.10.1.1', podCIDRs: ['10.10.1.0/24'] },
];

function inputs(config: Record<string, string> | null, extra: { crashingAgentOn?: string } = {}) {
  return inputsFromObjects(
    buildClusterObjects({ version: '1.18.1', nodes, config, relay: true, ...extra }),
    { nowMs: 5 },
  );
}

function agent(self: string, spec: Partial<StatusDocSpec> = {}) {
  return {
    node: self,
    status: decodeStatus(
      statusResponseDoc({
        self,
        podCIDR: '10.10.0.0/24',
        ipv4Allocated: 3,
        controllers: 5,
        ...spec,
      }),
    ),
  };
}

describe('assembleClusterView', () => {
  it('lets the live agent routing win over the ConfigMap, with the port following the protocol', () => {
    const i = inputs(chartCiliumConfig({ 'tunnel-protocol': 'vxlan' }));
    i.agents = [agent('n1', { routing: { inter: 'Tunnel', intra: 'BPF', protocol: 'geneve' } })];
    const v = assembleClusterView(i);
    expect(v.summary.networking).toMatchObject({
      tunnelProtocol: 'geneve',
      tunnelPort: 6081,
      hostRouting: 'BPF',
      routingSource: 'agent-status',
    });
    expect(v.tunnels.entries[0]).toMatchObject({ via: 'geneve', port: 6081 });

    const pinned = inputs(chartCiliumConfig({ 'tunnel-port': '9000' }));
    pinned.agents = i.agents;
    expect(assembleClusterView(pinned).summary.networking.tunnelPort).toBe(9000);

    const native = inputs(chartCiliumConfig());
    native.agents = [agent('n1', { routing: { inter: 'Native', intra: 'BPF', protocol: '' } })];
    expect(assembleClusterView(native).tunnels.entries.every(e => e.via === 'native')).toBe(true);
  });

  it('fills unknown ConfigMap settings from the agents', () => {
    const i = inputs(null);
    i.agents = [
      agent('n1', {
        kpr: 'True',
        encryption: 'Wireguard',
        masquerade: { mode: 'BPF', ipv4: true, ipv6: false },
      }),
    ];
    const n = assembleClusterView(i).summary.networking;
    expect(n).toMatchObject({
      routingMode: 'tunnel',
      tunnelPort: 8472,
      kubeProxyReplacement: 'true',
      encryption: 'wireguard',
      masquerade: { ipv4: true, ipv6: false, bpf: true },
    });
    expect(n.ipamMode).toBe('unknown');
  });

  it('puts a crash-looping agent on its node and fails the cilium component', () => {
    const v = assembleClusterView(inputs(chartCiliumConfig(), { crashingAgentOn: 'n2' }));
    const n2 = v.nodes.find(n => n.name === 'n2');
    expect(n2?.agentPod?.ready).toBe(false);
    expect(n2?.errors).toEqual([
      expect.stringMatching(/^container cilium-agent is in CrashLoopBackOff, exited with code 1/),
    ]);
    expect(v.summary.components[0]).toMatchObject({
      name: 'cilium',
      health: 'error',
      errors: ['1 pods of DaemonSet cilium are not ready'],
    });
    expect(v.summary.health).toBe('error');
  });

  it('adds nodes that only appear in node errors, and surfaces config annotations', () => {
    const i = inputs(chartCiliumConfig());
    i.nodeErrors = [{ node: 'ghost', message: 'exec into cilium-x timed out after 10 ms' }];
    (i.configMap as { metadata: { annotations: Record<string, string> } }).metadata.annotations = {
      'config.cilium.io/bpf-lb-algorithm': 'unsupported value "fancy"',
    };
    const v = assembleClusterView(i);
    expect(v.nodes.map(n => n.name)).toEqual(['ghost', 'n1', 'n2']);
    expect(v.nodes[0]?.errors).toEqual(['exec into cilium-x timed out after 10 ms']);
    expect(v.summary.configErrors).toEqual([
      'config.cilium.io/bpf-lb-algorithm: unsupported value "fancy"',
    ]);
    expect(v.summary.nodeCount).toBe(3);
  });
});
