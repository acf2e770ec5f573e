/**
 * A whole Cilium installation as Kubernetes objects (CiliumNodes, cilium-config, DaemonSets,
 * Deployments, agent and workload pods, CiliumEndpoints), built from one spec. The simulated source
 * assembles its view from these, and the kubernetes-source tests serve them over HTTP, so "the objects
 * imply this table" is checked on identical input both ways.
 */
import type { ComponentName } from '@/lib/model/cluster';
import type { ClusterInputs } from './assemble';
import { COMPONENTS, countClusterPods, type WorkloadLookup } from './components';
import {
  ciliumEndpointObject,
  ciliumNodeObject,
  configMapObject,
  daemonSetObject,
  deploymentObject,
  podObject,
  type CiliumNodeSpec,
} from './k8s-objects';
import { asStr, dig } from './values';

type Json = Record<string, unknown>;

export interface ClusterObjects {
  ciliumNodes: Json[];
  configMap: Json | null;
  daemonSets: Json[];
  deployments: Json[];
  /** Pods in every namespace (agent pods included). */
  pods: Json[];
  ciliumEndpoints: Json[];
}

export interface WorkloadPod {
  name: string;
  namespace: string;
  node: string;
  ip: string;
  labels?: Record<string, string>;
  hostNetwork?: boolean;
}

export interface ClusterObjectsSpec {
  namespace?: string;
  /** Cilium version for image tags, e.g. `1.19.4`. */
  version: string;
  nodes: CiliumNodeSpec[];
  config: Record<string, string> | null;
  envoy?: boolean;
  relay?: boolean;
  ui?: boolean;
  operatorReplicas?: number;
  workloadPods?: WorkloadPod[];
  /** Node whose agent pod is crash-looping (DaemonSet counts drop accordingly). */
  crashingAgentOn?: string;
}

/** Builds the objects for a cluster spec. Deterministic: same spec, same objects. */
export function buildClusterObjects(spec: ClusterObjectsSpec): ClusterObjects {
  const ns = spec.namespace ?? 'kube-system';
  const v = `v${spec.version}`;
  const nodeNames = spec.nodes.map(n => n.name);
  const agentImage = `quay.io/cilium/cilium:${v}`;
  const crashing = spec.crashingAgentOn ? 1 : 0;
  const daemonSets = [
    daemonSetObject({
      name: 'cilium',
      namespace: ns,
      images: [agentImage],
      labels: { 'k8s-app': 'cilium' },
      desired: nodeNames.length,
      ready: nodeNames.length - crashing,
    }),
  ];
  if (spec.envoy)
    daemonSets.push(
      daemonSetObject({
        name: 'cilium-envoy',
        namespace: ns,
        images: ['quay.io/cilium/cilium-envoy:v1.34.4'],
        labels: { name: 'cilium-envoy', 'k8s-app': 'cilium-envoy' },
        desired: nodeNames.length,
      }),
    );
  const operatorReplicas = spec.operatorReplicas ?? 1;
  const deployments = [
    deploymentObject({
      name: 'cilium-operator',
      namespace: ns,
      images: [`quay.io/cilium/operator-generic:${v}`],
      labels: { 'io.cilium/app': 'operator' },
      desired: operatorReplicas,
    }),
  ];
  if (spec.relay)
    deployments.push(
      deploymentObject({
        name: 'hubble-relay',
        namespace: ns,
        images: [`quay.io/cilium/hubble-relay:${v}`],
        labels: { 'k8s-app': 'hubble-relay', 'app.kubernetes.io/name': 'hubble-relay' },
        desired: 1,
      }),
    );
  if (spec.ui)
    deployments.push(
      deploymentObject({
        name: 'hubble-ui',
        namespace: ns,
        images: ['quay.io/cilium/hubble-ui:v0.13.3', 'quay.io/cilium/hubble-ui-backend:v0.13.3'],
        labels: { 'k8s-app': 'hubble-ui' },
        desired: 1,
      }),
    );

  const pods: Json[] = [];
  spec.nodes.forEach((n, i) => {
    const crash = spec.crashingAgentOn === n.name;
    pods.push(
      podObject({
        name: `cilium-${suffix(n.name)}`,
        namespace: ns,
        nodeName: n.name,
        labels: { 'k8s-app': 'cilium' },
        images: [agentImage],
        containerName: 'cilium-agent',
        hostNetwork: true,
        podIP: n.internalIP,
        restarts: crash ? 7 : 0,
        crash: crash
          ? {
              reason: 'CrashLoopBackOff',
              exitCode: 1,
              message: 'level=fatal msg="failed to start"',
            }
          : undefined,
      }),
    );
    if (spec.envoy)
      pods.push(
        podObject({
          name: `cilium-envoy-${suffix(n.name)}`,
          namespace: ns,
          nodeName: n.name,
          labels: { name: 'cilium-envoy', 'k8s-app': 'cilium-envoy' },
          images: ['quay.io/cilium/cilium-envoy:v1.34.4'],
          hostNetwork: true,
        }),
      );
    if (i < operatorReplicas)
      pods.push(
        podObject({
          name: `cilium-operator-6c7f9d8b5-${suffix(n.name)}`,
          namespace: ns,
          nodeName: n.name,
          labels: { 'io.cilium/app': 'operator' },
          images: [`quay.io/cilium/operator-generic:${v}`],
          hostNetwork: true,
        }),
      );
  });
  const workloads = spec.workloadPods ?? [];
  for (const w of workloads) {
    pods.push(
      podObject({
        name: w.name,
        namespace: w.namespace,
        nodeName: w.node,
        labels: w.labels,
        podIP: w.ip,
        hostNetwork: w.hostNetwork,
      }),
    );
  }
  // Relay/UI pods come from workloadPods when the caller models them (the simulated topology does).
  if (
    spec.relay &&
    !workloads.some(
      w =>
        w.labels?.['app.kubernetes.io/name'] === 'hubble-relay' ||
        w.labels?.['k8s-app'] === 'hubble-relay',
    )
  )
    pods.push(
      podObject({
        name: 'hubble-relay-7b4c9f8d6-x2x9k',
        namespace: ns,
        nodeName: nodeNames[0] ?? '',
        labels: { 'k8s-app': 'hubble-relay', 'app.kubernetes.io/name': 'hubble-relay' },
        images: [`quay.io/cilium/hubble-relay:${v}`],
      }),
    );
  if (spec.ui)
    pods.push(
      podObject({
        name: 'hubble-ui-5f8b9c7d6-q8w2z',
        namespace: ns,
        nodeName: nodeNames[0] ?? '',
        labels: { 'k8s-app': 'hubble-ui' },
        images: ['quay.io/cilium/hubble-ui:v0.13.3', 'quay.io/cilium/hubble-ui-backend:v0.13.3'],
      }),
    );

  // Every non-hostNetwork pod gets a CiliumEndpoint, as the agent creates one per managed pod.
  const ciliumEndpoints = pods
    .filter(p => dig(p, 'spec', 'hostNetwork') !== true)
    .map(p =>
      ciliumEndpointObject({
        name: String(dig(p, 'metadata', 'name')),
        namespace: String(dig(p, 'metadata', 'namespace')),
        podIP: asStr(dig(p, 'status', 'podIP')) ?? undefined,
        node: asStr(dig(p, 'spec', 'nodeName')) ?? undefined,
      }),
    );

  return {
    ciliumNodes: spec.nodes.map(ciliumNodeObject),
    configMap: spec.config ? configMapObject(spec.config, { namespace: ns }) : null,
    daemonSets,
    deployments,
    pods,
    ciliumEndpoints,
  };
}

/** Pod-name suffix derived from the node name, so names are stable. */
function suffix(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0, x = h >>> 0; i < 5; i++, x = Math.floor(x / alphabet.length))
    out += alphabet[x % alphabet.length];
  return out;
}

/**
 * The assembly inputs the kubernetes source would produce from these objects with full RBAC: what the
 * simulated source uses, and what the HTTP round trip in tests must reproduce.
 */
export function inputsFromObjects(
  objs: ClusterObjects,
  opts: { namespace?: string; nowMs: number; sources?: ClusterInputs['sources'] },
): ClusterInputs {
  const ns = opts.namespace ?? 'kube-system';
  const find = (list: Json[], name: string): WorkloadLookup => {
    const o = list.find(x => dig(x, 'metadata', 'name') === name);
    return o ? { found: true, object: o } : { found: false };
  };
  const workloads: Partial<Record<ComponentName, WorkloadLookup>> = {};
  for (const c of COMPONENTS)
    workloads[c.name] = find(c.kind === 'DaemonSet' ? objs.daemonSets : objs.deployments, c.name);
  return {
    sources: opts.sources ?? ['kubernetes'],
    namespace: ns,
    nowMs: opts.nowMs,
    ciliumNodes: objs.ciliumNodes,
    configMap: objs.configMap,
    workloads,
    namespacePods: objs.pods.filter(p => dig(p, 'metadata', 'namespace') === ns),
    clusterPodTotal: countClusterPods(objs.pods),
    ciliumEndpointCount: objs.ciliumEndpoints.length,
    agents: [],
    nodeErrors: [],
    problems: [],
  };
}
