/**
 * Builds the ClusterView from whatever a source managed to read. Pure: the kubernetes, exec, file and
 * simulated sources all end here, so the same objects give the same view whichever way they arrived.
 * Missing inputs (null) leave their part unknown; they never stop the rest.
 */
import type {
  AgentStatus,
  ClusterNetworking,
  ClusterNode,
  ClusterProblem,
  ClusterSourceKind,
  ClusterView,
  ComponentName,
  ComponentStatus,
  HubbleSettings,
  Tri,
} from '@/lib/model/cluster';
import { decodeCiliumNode } from './ciliumnode';
import {
  COMPONENTS,
  decodeAgentPod,
  decodeComponent,
  overallHealth,
  podMatches,
  type WorkloadLookup,
} from './components';
import { configErrorsFromAnnotations, decodeCiliumConfig, defaultTunnelPort } from './config';
import { deriveTunnelTable } from './tunnel-map';
import { asObj, asStr, dig, familyOf } from './values';

export interface ClusterInputs {
  sources: ClusterSourceKind[];
  namespace: string;
  nowMs: number;
  /** CiliumNode objects; null when they could not be read. */
  ciliumNodes: unknown[] | null;
  /** The `cilium-config` ConfigMap object; null when not read. */
  configMap: unknown;
  /** DaemonSet/Deployment lookups; a missing entry means "not queried" (file source). */
  workloads: Partial<Record<ComponentName, WorkloadLookup>>;
  /** Pods in the Cilium namespace; null when not read. */
  namespacePods: unknown[] | null;
  /** "Cluster Pods" total and managed (CiliumEndpoint) counts; null when not read. */
  clusterPodTotal: number | null;
  ciliumEndpointCount: number | null;
  /** Decoded agent statuses keyed by node name (exec or file). */
  agents: { node: string; status: AgentStatus }[];
  /** Node-specific failures (exec timeouts, ...). */
  nodeErrors: { node: string; message: string }[];
  problems: ClusterProblem[];
}

/** Inputs with nothing read: a source that failed before its first call, or no source at all. */
export function emptyInputs(
  sources: ClusterSourceKind[],
  namespace: string,
  nowMs: number,
  problems: ClusterProblem[],
): ClusterInputs {
  return {
    sources,
    namespace,
    nowMs,
    ciliumNodes: null,
    configMap: null,
    workloads: {},
    namespacePods: null,
    clusterPodTotal: null,
    ciliumEndpointCount: null,
    agents: [],
    nodeErrors: [],
    problems,
  };
}

function bareNode(name: string): ClusterNode {
  return {
    name,
    internalIP: null,
    internalIPv6: null,
    externalIP: null,
    ciliumInternalIP: null,
    ciliumInternalIPv6: null,
    podCIDRs: { ipv4: [], ipv6: [] },
    health: { ipv4: null, ipv6: null },
    encryptKey: 0,
    wireguardPublicKey: null,
    agent: null,
    agentPod: null,
    errors: [],
  };
}

/** Nodes from the agents' `cluster.nodes` lists, for when no CiliumNode objects are available. */
function nodesFromPeers(agents: ClusterInputs['agents']): ClusterNode[] {
  const byName = new Map<string, ClusterNode>();
  for (const { status } of agents) {
    for (const p of status.peers ?? []) {
      if (byName.has(p.name)) continue;
      const n = bareNode(p.name);
      n.internalIP = p.primaryIPv4 && familyOf(p.primaryIPv4) ? p.primaryIPv4 : null;
      n.internalIPv6 = p.primaryIPv6 && familyOf(p.primaryIPv6) ? p.primaryIPv6 : null;
      if (p.allocRangeV4 && familyOf(p.allocRangeV4)) n.podCIDRs.ipv4.push(p.allocRangeV4);
      if (p.allocRangeV6 && familyOf(p.allocRangeV6)) n.podCIDRs.ipv6.push(p.allocRangeV6);
      n.health = { ipv4: p.healthIPv4, ipv6: p.healthIPv6 };
      byName.set(p.name, n);
    }
  }
  return [...byName.values()];
}

/** Live agent status wins over the ConfigMap for routing (§3 "Mode detection"); fills other gaps. */
function mergeAgentNetworking(net: ClusterNetworking, agents: AgentStatus[]): ClusterNetworking {
  const out = { ...net, masquerade: { ...net.masquerade } };
  const routed = agents.find(a => a.routing && a.routing.interHost !== 'unknown');
  if (routed?.routing) {
    out.routingMode = routed.routing.interHost === 'Tunnel' ? 'tunnel' : 'native';
    const proto = routed.routing.tunnelProtocol;
    if (proto !== 'unknown' && proto !== out.tunnelProtocol) {
      // The port follows the protocol unless tunnel-port pinned a non-default value.
      if (out.tunnelPort === null || out.tunnelPort === defaultTunnelPort(out.tunnelProtocol))
        out.tunnelPort = defaultTunnelPort(proto);
      out.tunnelProtocol = proto;
    }
    out.routingSource = 'agent-status';
  }
  const intra = agents.find(a => a.routing && a.routing.intraHost !== 'unknown')?.routing
    ?.intraHost;
  if (intra && intra !== 'unknown') out.hostRouting = intra;
  const kpr = agents.find(a => a.kubeProxyReplacement?.mode !== undefined)?.kubeProxyReplacement;
  if (out.kubeProxyReplacement === 'unknown' && kpr) out.kubeProxyReplacement = kpr.mode;
  const enc = agents.find(a => a.encryption && a.encryption.mode !== 'unknown')?.encryption;
  if (out.encryption === 'unknown' && enc) out.encryption = enc.mode;
  const masq = agents.find(a => a.masquerading)?.masquerading;
  if (masq) {
    if (out.masquerade.ipv4 === 'unknown') out.masquerade.ipv4 = masq.ipv4;
    if (out.masquerade.ipv6 === 'unknown') out.masquerade.ipv6 = masq.ipv6;
    if (out.masquerade.bpf === 'unknown' && masq.mode !== 'unknown')
      out.masquerade.bpf = masq.mode === 'BPF';
  }
  const dp = agents.find(a => a.datapathMode !== 'unknown')?.datapathMode;
  if (out.datapathMode === 'unknown' && dp) out.datapathMode = dp;
  if (out.tunnelPort === null) out.tunnelPort = defaultTunnelPort(out.tunnelProtocol);
  return out;
}

function deployed(c: ComponentStatus | undefined): Tri {
  if (!c || c.health === 'unknown') return 'unknown';
  if (c.health === 'disabled') return false;
  return c.desired === null ? 'unknown' : c.desired > 0;
}

function hubbleSettings(
  base: HubbleSettings,
  components: ComponentStatus[],
  agents: AgentStatus[],
): HubbleSettings {
  const out = {
    ...base,
    relayEnabled: deployed(components.find(c => c.name === 'hubble-relay')),
    uiEnabled: deployed(components.find(c => c.name === 'hubble-ui')),
  };
  if (out.enabled === 'unknown') {
    const states = agents.map(a => a.hubble?.state).filter(s => s && s !== 'unknown');
    if (states.length > 0) out.enabled = states.some(s => s !== 'Disabled');
  }
  return out;
}

/** Assembles the view. `inputs.problems` is copied; malformed CiliumNodes add problems. */
export function assembleClusterView(inputs: ClusterInputs): ClusterView {
  const problems = [...inputs.problems];
  const pods = inputs.namespacePods ?? [];
  const components = COMPONENTS.filter(spec => inputs.workloads[spec.name] !== undefined).map(
    spec =>
      decodeComponent(spec, inputs.workloads[spec.name] as WorkloadLookup, pods, inputs.namespace),
  );
  const ciliumComp = components.find(c => c.name === 'cilium');
  const agentStatuses = inputs.agents.map(a => a.status);
  const version = ciliumComp && ciliumComp.version !== 'unknown' ? ciliumComp.version : 'unknown';

  const cm = inputs.configMap;
  const decoded = decodeCiliumConfig(cm ? dig(cm, 'data') : null, version);
  if (cm && !asObj(dig(cm, 'data')))
    problems.push({
      source: 'kubernetes:configmap/cilium-config',
      kind: 'malformed',
      message: 'cilium-config has no data map: datapath settings unknown',
    });
  const networking = mergeAgentNetworking(decoded.networking, agentStatuses);

  let nodes: ClusterNode[] = [];
  (inputs.ciliumNodes ?? []).forEach((obj, i) => {
    const n = decodeCiliumNode(obj);
    if (n) nodes.push(n);
    else
      problems.push({
        source: 'kubernetes:ciliumnodes',
        kind: 'malformed',
        message: `CiliumNode #${i} has no metadata.name; skipped`,
      });
  });
  if (nodes.length === 0) nodes = nodesFromPeers(inputs.agents);
  const byName = new Map(nodes.map(n => [n.name, n]));
  const nodeFor = (name: string) => {
    let n = byName.get(name);
    if (!n) {
      n = bareNode(name);
      byName.set(name, n);
      nodes.push(n);
    }
    return n;
  };
  for (const { node, status } of inputs.agents) nodeFor(node).agent = status;
  for (const { node, message } of inputs.nodeErrors) nodeFor(node).errors.push(message);
  const agentSpec = COMPONENTS[0]!;
  for (const pod of pods.filter(p => podMatches(agentSpec, p))) {
    const nodeName = asStr(dig(pod, 'spec', 'nodeName'));
    if (!nodeName) continue;
    const ap = decodeAgentPod(pod);
    nodeFor(nodeName).agentPod = ap;
    if (ap.message) nodeFor(nodeName).errors.push(ap.message);
  }
  nodes.sort((a, b) => a.name.localeCompare(b.name));

  // Without workload objects (file source) the agents' own reports are all there is.
  const health =
    components.length > 0
      ? overallHealth(components)
      : agentStatuses.length === 0
        ? 'unknown'
        : agentStatuses.some(a => a.unhealthy.length > 0)
          ? 'warning'
          : 'ok';
  return {
    summary: {
      sources: inputs.sources,
      namespace: inputs.namespace,
      ciliumVersion: version,
      health,
      components,
      clusterPods: { managed: inputs.ciliumEndpointCount, total: inputs.clusterPodTotal },
      networking,
      hubble: hubbleSettings(decoded.hubble, components, agentStatuses),
      configErrors: cm ? configErrorsFromAnnotations(dig(cm, 'metadata', 'annotations')) : [],
      nodeCount: nodes.length,
    },
    nodes,
    tunnels: deriveTunnelTable(nodes, networking),
    problems,
    fetchedAtMs: inputs.nowMs,
  };
}
