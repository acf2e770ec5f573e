import { describe, expect, it } from 'vitest';
import {
  configErrorsFromAnnotations,
  decodeCiliumConfig,
  defaultTunnelPort,
  normalizeKpr,
} from './config';
import { chartCiliumConfig } from './k8s-objects';

describe('decodeCiliumConfig', () => {
  it('decodes a chart 1.19 tunnel/VXLAN config', () => {
    const { networking, hubble } = decodeCiliumConfig(
      chartCiliumConfig({
        'kube-proxy-replacement': 'true',
        'hubble-metrics': 'dns:query;ignoreAAAA drop httpV2:exemplars=true',
      }),
      '1.19.4',
    );
    expect(networking).toMatchObject({
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
      tunnelPort: 8472,
      kubeProxyReplacement: 'true',
      ipamMode: 'cluster-pool',
      masquerade: { ipv4: true, ipv6: true, bpf: false, ipMasqAgent: false },
      encryption: 'disabled',
      routingSource: 'configmap',
      clusterName: 'default',
      clusterId: 0,
    });
    expect(hubble).toMatchObject({
      enabled: true,
      listenAddress: ':4244',
      metrics: ['dns', 'drop', 'httpV2'],
    });
  });

  it('defaults the port by protocol and honours tunnel-port', () => {
    expect(defaultTunnelPort('vxlan')).toBe(8472);
    expect(defaultTunnelPort('geneve')).toBe(6081);
    expect(decodeCiliumConfig({ 'tunnel-protocol': 'geneve' }).networking).toMatchObject({
      routingMode: 'tunnel',
      tunnelProtocol: 'geneve',
      tunnelPort: 6081,
    });
    // 0 means "auto" to the agent.
    expect(decodeCiliumConfig({ 'tunnel-port': '0' }).networking.tunnelPort).toBe(8472);
    expect(decodeCiliumConfig({ 'tunnel-port': '4789' }).networking.tunnelPort).toBe(4789);
  });

  it('reads the pre-1.15 `tunnel` key when routing-mode is absent', () => {
    expect(decodeCiliumConfig({ tunnel: 'disabled' }).networking.routingMode).toBe('native');
    expect(decodeCiliumConfig({ tunnel: 'geneve' }).networking).toMatchObject({
      routingMode: 'tunnel',
      tunnelProtocol: 'geneve',
      tunnelPort: 6081,
    });
    // routing-mode wins when both are present (1.14 wrote both during the deprecation).
    expect(
      decodeCiliumConfig({ tunnel: 'vxlan', 'routing-mode': 'native' }).networking.routingMode,
    ).toBe('native');
    expect(decodeCiliumConfig({ 'routing-mode': 'bogus' }).networking.routingMode).toBe('unknown');
  });

  it('reads native-routing settings', () => {
    const { networking } = decodeCiliumConfig({
      'routing-mode': 'native',
      'auto-direct-node-routes': 'true',
      'ipv4-native-routing-cidr': '10.0.0.0/8',
      'enable-bpf-masquerade': 'true',
      'enable-wireguard': 'true',
    });
    expect(networking).toMatchObject({
      routingMode: 'native',
      autoDirectNodeRoutes: true,
      ipv4NativeRoutingCIDR: '10.0.0.0/8',
      masquerade: { bpf: true },
      encryption: 'wireguard',
    });
  });

  it('treats KPR by version: legacy modes kept, absent is false only from 1.16', () => {
    expect(normalizeKpr('Strict')).toBe('strict');
    expect(normalizeKpr('True')).toBe('true');
    expect(normalizeKpr('maybe')).toBe('unknown');
    expect(
      decodeCiliumConfig({ 'kube-proxy-replacement': 'partial' }, '1.14.5').networking
        .kubeProxyReplacement,
    ).toBe('partial');
    expect(decodeCiliumConfig({}, '1.16.0').networking.kubeProxyReplacement).toBe('false');
    expect(decodeCiliumConfig({}, '1.14.5').networking.kubeProxyReplacement).toBe('unknown');
    expect(decodeCiliumConfig({}).networking.kubeProxyReplacement).toBe('unknown');
  });

  it('degrades to unknown for a missing or malformed ConfigMap', () => {
    for (const bad of [null, undefined, 'text', ['a']]) {
      const { networking, hubble } = decodeCiliumConfig(bad);
      expect(networking.routingMode).toBe('unknown');
      expect(networking.tunnelPort).toBeNull();
      expect(hubble.enabled).toBe('unknown');
    }
    const { networking } = decodeCiliumConfig({
      'enable-ipv4-masquerade': 'yes please',
      'tunnel-port': 'x',
    });
    expect(networking.masquerade.ipv4).toBe('unknown');
    expect(networking.tunnelPort).toBe(8472);
  });

  it('lists config.cilium.io annotations as configuration errors', () => {
    expect(
      configErrorsFromAnnotations({
        'config.cilium.io/tunnel-protocol': 'invalid value "gre"',
        'meta.helm.sh/release-name': 'cilium',
      }),
    ).toEqual(['config.cilium.io/tunnel-protocol: invalid value "gre"']);
    expect(configErrorsFromAnnotations(undefined)).toEqual([]);
  });
});
