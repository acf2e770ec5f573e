import { describe, expect, it } from 'vitest';
import {
  COMPONENTS,
  countClusterPods,
  decodeAgentPod,
  decodeComponent,
  overallHealth,
  type ComponentSpec,
} from './components';
import { daemonSetObject, deploymentObject, podObject } from './k8s-objects';

const spec = (name: string): ComponentSpec => {
  const s = COMPONENTS.find(c => c.name === name);
  if (!s) throw new Error(name);
  return s;
};
const agentPod = (node: string, extra: Partial<Parameters<typeof podObject>[0]> = {}) =>
  podObject({
    name: `cilium-${node}`,
    namespace: 'kube-system',
    nodeName: node,
    labels: { 'k8s-app': 'cilium' },
    images: ['quay.io/cilium/cilium:v1.17.2@sha256:abc'],
    containerName: 'cilium-agent',
    hostNetwork: true,
    ...extra,
  });

describe('decodeComponent', () => {
  it('reports a healthy DaemonSet with its image version', () => {
    const ds = daemonSetObject({
      name: 'cilium',
      images: ['quay.io/cilium/cilium:v1.17.2@sha256:abc'],
      labels: { 'k8s-app': 'cilium' },
      desired: 2,
    });
    const c = decodeComponent(
      spec('cilium'),
      { found: true, object: ds },
      [agentPod('a'), agentPod('b')],
      'kube-system',
    );
    expect(c).toMatchObject({
      health: 'ok',
      desired: 2,
      ready: 2,
      available: 2,
      unavailable: 0,
      version: '1.17.2',
      phases: { Running: 2 },
    });
    expect(c.images).toEqual([{ image: 'quay.io/cilium/cilium:v1.17.2@sha256:abc', count: 2 }]);
  });

  it('uses the CLI wording for not-ready, rolling-out and unstarted rollouts', () => {
    const ds = daemonSetObject({
      name: 'cilium',
      images: ['quay.io/cilium/cilium:v1.17.2'],
      labels: { 'k8s-app': 'cilium' },
      desired: 3,
      ready: 2,
      updated: 1,
      generation: 5,
      observedGeneration: 4,
    });
    const c = decodeComponent(spec('cilium'), { found: true, object: ds }, [], 'kube-system');
    expect(c.health).toBe('error');
    expect(c.errors).toEqual([
      '1 pods of DaemonSet cilium are not ready',
      'DaemonSet cilium is rolling out - 1 out of 3 pods updated',
      'DaemonSet cilium is being updated but the rollout has not started',
    ]);
    // No pods listed: the template image still gives the version.
    expect(c.version).toBe('1.17.2');
  });

  it('reads Deployments whose zero counters are omitted', () => {
    const d = deploymentObject({
      name: 'hubble-relay',
      images: ['quay.io/cilium/hubble-relay:v1.17.2'],
      labels: { 'k8s-app': 'hubble-relay' },
      desired: 1,
      ready: 0,
      available: 0,
    });
    expect((d.status as Record<string, unknown>).readyReplicas).toBeUndefined();
    const c = decodeComponent(spec('hubble-relay'), { found: true, object: d }, [], 'kube-system');
    expect(c).toMatchObject({
      health: 'error',
      desired: 1,
      ready: 0,
      available: 0,
      unavailable: 1,
    });
  });

  it('treats absence as disabled, except for required components', () => {
    expect(decodeComponent(spec('hubble-ui'), { found: false }, [], 'kube-system').health).toBe(
      'disabled',
    );
    const op = decodeComponent(spec('cilium-operator'), { found: false }, [], 'cilium');
    expect(op).toMatchObject({
      health: 'error',
      errors: ['Deployment cilium-operator not found in cilium'],
    });
    expect(decodeComponent(spec('cilium'), { error: 'forbidden' }, [], 'kube-system').health).toBe(
      'unknown',
    );
  });

  it('flags pending pods and failed pods, but not evictions', () => {
    const ds = daemonSetObject({
      name: 'cilium',
      images: ['x:v1.17.2'],
      labels: { 'k8s-app': 'cilium' },
      desired: 3,
    });
    const pods = [
      agentPod('a', { phase: 'Pending' }),
      agentPod('b', { phase: 'Failed' }),
      agentPod('c', { phase: 'Failed' }),
    ];
    (pods[2]!.status as Record<string, unknown>).reason = 'Evicted';
    const c = decodeComponent(spec('cilium'), { found: true, object: ds }, pods, 'kube-system');
    expect(c.warnings).toEqual(['1 pods of cilium are pending']);
    expect(c.errors).toEqual(['pod cilium-b failed']);
  });

  it('worst health wins, disabled ignored', () => {
    const mk = (health: 'ok' | 'warning' | 'error' | 'disabled') => ({
      ...decodeComponent(spec('hubble-ui'), { found: false }, [], 'x'),
      health,
    });
    expect(overallHealth([mk('ok'), mk('disabled')])).toBe('ok');
    expect(overallHealth([mk('ok'), mk('warning'), mk('error')])).toBe('error');
    expect(overallHealth([mk('disabled')])).toBe('unknown');
  });
});

describe('agent pods and cluster pods', () => {
  it('describes a crash-looping agent as the CLI does', () => {
    const p = decodeAgentPod(
      agentPod('a', {
        restarts: 7,
        crash: { reason: 'CrashLoopBackOff', exitCode: 1, message: 'level=fatal msg="bpf mount"' },
      }),
    );
    expect(p).toMatchObject({ ready: false, restarts: 7 });
    expect(p.message).toBe(
      'container cilium-agent is in CrashLoopBackOff, exited with code 1: level=fatal msg="bpf mount"',
    );
    expect(decodeAgentPod(agentPod('b')).message).toBe('');
    expect(decodeAgentPod({}).phase).toBe('Unknown');
  });

  it('counts non-hostNetwork Running/Pending pods', () => {
    const pods = [
      podObject({ name: 'a', namespace: 'x', nodeName: 'n' }),
      podObject({ name: 'b', namespace: 'x', nodeName: 'n', phase: 'Pending' }),
      podObject({ name: 'c', namespace: 'x', nodeName: 'n', phase: 'Succeeded' }),
      podObject({ name: 'd', namespace: 'x', nodeName: 'n', hostNetwork: true }),
      'garbage',
    ];
    expect(countClusterPods(pods)).toBe(2);
  });
});
