/**
 * The kind cluster behind the `bpf tunnel list` sample (cilium#34482): three nodes, dual stack,
 * IPsec key 3, served by the fake API server in the kubernetes and exec source tests.
 */
import { buildClusterObjects, type ClusterObjects } from '../cluster-objects';
import { chartCiliumConfig } from '../k8s-objects';

/** Node specs; kind-worker2 is where the sample was taken. */
export const KIND_NODES = [
  {
    name: 'kind-control-plane',
    internalIP: '172.21.0.5',
    ciliumInternalIP: '10.244.0.91',
    podCIDRs: ['10.244.0.0/24', 'fd00:10:244::/64'],
    healthIPv4: '10.244.0.12',
    encryptKey: 3,
  },
  {
    name: 'kind-worker',
    internalIP: '172.21.0.2',
    ciliumInternalIP: '10.244.2.7',
    podCIDRs: ['10.244.2.0/24', 'fd00:10:244:2::/64'],
    healthIPv4: '10.244.2.33',
    encryptKey: 3,
  },
  {
    name: 'kind-worker2',
    internalIP: '172.21.0.3',
    ciliumInternalIP: '10.244.1.150',
    podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'],
    healthIPv4: '10.244.1.201',
    encryptKey: 3,
  },
];

/** All objects of the kind cluster (Cilium 1.16.3, envoy and relay, four workload pods). */
export function kindObjects(): ClusterObjects {
  return buildClusterObjects({
    version: '1.16.3',
    nodes: KIND_NODES,
    config: chartCiliumConfig({
      'kube-proxy-replacement': 'true',
      'enable-ipsec': 'true',
      'enable-ipv6': 'true',
    }),
    envoy: true,
    relay: true,
    workloadPods: [
      {
        name: 'coredns-668d6bf9bc-4kx7p',
        namespace: 'kube-system',
        node: 'kind-control-plane',
        ip: '10.244.0.40',
        labels: { 'k8s-app': 'kube-dns' },
      },
      {
        name: 'echo-7d9f8c6b5d-bq2lm',
        namespace: 'default',
        node: 'kind-worker',
        ip: '10.244.2.18',
      },
      {
        name: 'echo-7d9f8c6b5d-zt9wq',
        namespace: 'default',
        node: 'kind-worker2',
        ip: '10.244.1.77',
      },
      {
        name: 'kube-proxy-free-host-pod',
        namespace: 'default',
        node: 'kind-worker',
        ip: '172.21.0.2',
        hostNetwork: true,
      },
    ],
  });
}
