/**
 * Both ends of simulated connections ("peers"), built once from the topology: each pod, node host,
 * health endpoint and outside address with the two views Cilium has of it (on its own node, and from
 * the other nodes), as shared, frozen Endpoint messages.
 */
import type { Endpoint, NetworkInterface, Service } from '@/proto/gen/flow/flow_pb';
import { EMPTY, serviceMsg } from '@/lib/sim/flow-parts';
import type { SimIdentity, SimPod, SimTopology } from '@/lib/sim/topology';
import { shareMessage } from '@/lib/sim/wire-encode';

/** One end of a connection, with the two views Cilium has of it. */
export interface Peer {
  /** Short label for debugging and traffic tables, e.g. `shop/frontend`. */
  label: string;
  ip: string;
  /** Index of the node hosting it; -1 outside the cluster. */
  node: number;
  /** How its own node sees it (pods: with endpoint ID). */
  local: Endpoint;
  /** How other nodes see it (pods: no endpoint ID; hosts: remote-node). */
  remote: Endpoint;
  mac: string;
  /** Host-side interface (pods' lxc veth). */
  iface: NetworkInterface | undefined;
  /** DNS names of the address (FQDN identities), for source/destination_names. */
  names: string[];
}

function endpoint(init: Partial<Omit<Endpoint, '$typeName'>>): Endpoint {
  return shareMessage({
    $typeName: 'flow.Endpoint',
    ID: 0,
    identity: 0,
    clusterName: '',
    namespace: '',
    labels: [],
    podName: '',
    workloads: [],
    ...init,
  });
}

/** A pod as a peer (its endpoint ID only in the local view). */
export function podPeer(pod: SimPod, nodeIndex: number): Peer {
  const common = {
    identity: pod.identity,
    namespace: pod.namespace,
    labels: pod.labels,
    podName: pod.name,
    workloads: pod.workloads.map(w => ({ $typeName: 'flow.Workload' as const, ...w })),
  };
  return {
    label: `${pod.namespace}/${pod.name}`,
    ip: pod.ip,
    node: nodeIndex,
    local: endpoint({ ID: pod.endpointId, ...common }),
    remote: endpoint(common),
    mac: pod.mac,
    iface: shareMessage<NetworkInterface>({
      $typeName: 'flow.NetworkInterface',
      index: pod.ifIndex,
      name: pod.ifName,
    }),
    names: EMPTY,
  };
}

/** A node's host (local view: reserved:host; from other nodes: reserved:remote-node). */
export function hostPeer(
  topology: SimTopology,
  nodeIndex: number,
  extraLocal: string[] = [],
): Peer {
  const node = topology.nodes[nodeIndex];
  if (!node) throw new Error(`no node ${nodeIndex}`);
  const { host, remoteNode } = topology.reserved;
  return {
    label: `host/${node.name}`,
    ip: node.internalIp,
    node: nodeIndex,
    local: endpoint({ identity: host.identity, labels: [...host.labels, ...extraLocal].sort() }),
    remote: endpoint({ identity: remoteNode.identity, labels: remoteNode.labels }),
    mac: node.mac,
    iface: undefined,
    names: EMPTY,
  };
}

/** A node's cilium-health endpoint. */
export function healthPeer(topology: SimTopology, nodeIndex: number): Peer {
  const node = topology.nodes[nodeIndex];
  if (!node) throw new Error(`no node ${nodeIndex}`);
  const ep = endpoint({
    identity: topology.reserved.health.identity,
    labels: topology.reserved.health.labels,
  });
  return {
    label: `health/${node.name}`,
    ip: node.healthIp,
    node: nodeIndex,
    local: ep,
    remote: ep,
    mac: node.mac,
    // The health endpoint is a real Cilium endpoint with its own veth.
    iface: shareMessage<NetworkInterface>({
      $typeName: 'flow.NetworkInterface',
      index: 8,
      name: 'lxc_health',
    }),
    names: EMPTY,
  };
}

/** An address outside the cluster (reserved:world, or an FQDN/CIDR identity). */
export function externalPeer(id: SimIdentity, ip: string, withNames: boolean): Peer {
  const ep = endpoint({ identity: id.identity, labels: id.labels });
  return {
    label: `world/${withNames ? id.name : ip}`,
    ip,
    node: -1,
    local: ep,
    remote: ep,
    mac: '',
    iface: undefined,
    names: withNames ? (Object.freeze([id.name]) as unknown as string[]) : EMPTY,
  };
}

/** An address nobody in the cluster owns any more (a deleted pod's IP): Hubble knows nothing of it. */
export function unknownPeer(ip: string, nodeIndex: number): Peer {
  const ep = endpoint({});
  return {
    label: `unknown/${ip}`,
    ip,
    node: nodeIndex,
    local: ep,
    remote: ep,
    mac: '',
    iface: undefined,
    names: EMPTY,
  };
}

/** The topology as peers, indexed the way the traffic scenarios look them up. */
export class SimPeers {
  readonly hosts: Peer[];
  readonly health: Peer[];
  /** The API server on the control-plane node (host locally, kube-apiserver identity elsewhere). */
  readonly apiserver: Peer;
  /** Internet clients of the shop front end (reserved:world). */
  readonly internet: Peer[];
  private readonly byApp = new Map<string, Peer[]>();
  private readonly externals = new Map<string, Peer>();
  private readonly services = new Map<string, Service>();

  constructor(readonly topology: SimTopology) {
    const nodeIndex = new Map(topology.nodes.map((n, i) => [n.name, i]));
    for (const pod of topology.pods) {
      const list = this.byApp.get(pod.app) ?? [];
      list.push(podPeer(pod, nodeIndex.get(pod.node) ?? -1));
      this.byApp.set(pod.app, list);
    }
    this.hosts = topology.nodes.map((_, i) => hostPeer(topology, i));
    this.health = topology.nodes.map((_, i) => healthPeer(topology, i));
    const api = topology.reserved.kubeApiserver;
    const master = hostPeer(topology, 0, ['reserved:kube-apiserver']);
    this.apiserver = {
      ...master,
      label: 'kube-apiserver',
      remote: externalPeer(api, api.ip, false).local,
    };
    this.internet = topology.internetClients.map(ip =>
      externalPeer(topology.reserved.world, ip, false),
    );
    for (const e of topology.externals) {
      this.externals.set(e.name, externalPeer(e, e.ip, e.name !== 'metadata'));
    }
    for (const s of topology.services) this.services.set(s.name, serviceMsg(s.name, s.namespace));
  }

  /** Every pod of an app (throws for unknown apps: a typo in a traffic table is a bug). */
  pods(app: string): Peer[] {
    const list = this.byApp.get(app);
    if (!list || list.length === 0) throw new Error(`sim topology has no pods for ${app}`);
    return list;
  }

  /** Every pod peer. */
  allPods(): Peer[] {
    return [...this.byApp.values()].flat();
  }

  /** An external peer by DNS name (throws for unknown names). */
  external(name: string): Peer {
    const p = this.externals.get(name);
    if (!p) throw new Error(`sim topology has no external ${name}`);
    return p;
  }

  /** The external peer for a DNS name, if the topology has one. */
  findExternal(name: string): Peer | undefined {
    return this.externals.get(name);
  }

  /** The Service message for a service name. */
  svc(name: string): Service {
    const s = this.services.get(name);
    if (!s) throw new Error(`sim topology has no service ${name}`);
    return s;
  }
}

/** The app label value of a pod peer (`coredns` for `k8s-app=kube-dns`), '' for others. */
export function appOf(p: Peer): string {
  const label = p.local.labels.find(l => l.startsWith('k8s:app=') || l.startsWith('k8s:k8s-app='));
  const app = label?.slice(label.indexOf('=') + 1) ?? '';
  return app === 'kube-dns' ? 'coredns' : app;
}
