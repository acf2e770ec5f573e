/**
 * The simulated cluster's inventory as data: nodes (as in the Cilium docs' three-node example),
 * workloads and Services of the demo shop. topology.ts turns these tables into pods with names, IPs,
 * identities and labels.
 */
import type { SimNode, SimService } from '@/lib/sim/topology';

/** How one workload is deployed. */
export interface WorkloadSpec {
  namespace: string;
  app: string;
  kind: 'Deployment' | 'StatefulSet';
  replicas: number;
  /** ReplicaSet hash for Deployments (the middle part of `name-<hash>-<suffix>`). */
  rsHash?: string;
  /** Label key carrying `app` (CoreDNS uses `k8s-app=kube-dns`). */
  appKey?: string;
  appValue?: string;
  serviceAccount?: string;
  /** First node index used for replica placement (round robin from there, modulo the node count). */
  firstNode: number;
}

/** The workloads, their replica counts and placement. */
export const WORKLOADS: WorkloadSpec[] = [
  {
    namespace: 'shop',
    app: 'frontend',
    kind: 'Deployment',
    replicas: 3,
    rsHash: '7d9f8c6b5d',
    firstNode: 0,
  },
  {
    namespace: 'shop',
    app: 'cart-api',
    kind: 'Deployment',
    replicas: 2,
    rsHash: '5c8d7b9f64',
    firstNode: 1,
  },
  {
    namespace: 'shop',
    app: 'catalog-api',
    kind: 'Deployment',
    replicas: 2,
    rsHash: '66b8d5f7c9',
    firstNode: 2,
  },
  {
    namespace: 'shop',
    app: 'orders-api',
    kind: 'Deployment',
    replicas: 2,
    rsHash: '8f4b6c9d7',
    firstNode: 1,
  },
  { namespace: 'shop', app: 'postgres', kind: 'StatefulSet', replicas: 1, firstNode: 2 },
  {
    namespace: 'payments',
    app: 'payments-api',
    kind: 'Deployment',
    replicas: 2,
    rsHash: '6f9c8d7b45',
    firstNode: 2,
  },
  {
    namespace: 'kube-system',
    app: 'coredns',
    kind: 'Deployment',
    replicas: 2,
    rsHash: '668d6bf9bc',
    appKey: 'k8s-app',
    appValue: 'kube-dns',
    serviceAccount: 'coredns',
    firstNode: 0,
  },
  {
    namespace: 'kube-system',
    app: 'hubble-relay',
    kind: 'Deployment',
    replicas: 1,
    rsHash: '7b4c9f8d6',
    firstNode: 1,
  },
  { namespace: 'monitoring', app: 'prometheus', kind: 'StatefulSet', replicas: 1, firstNode: 1 },
];

/** Services (ClusterIP) with the app label their backends carry. */
export const SERVICES: Omit<SimService, 'targetPort'>[] = [
  { name: 'kubernetes', namespace: 'default', clusterIp: '10.96.0.1', port: 443, app: '' },
  { name: 'kube-dns', namespace: 'kube-system', clusterIp: '10.96.0.10', port: 53, app: 'coredns' },
  {
    name: 'hubble-relay',
    namespace: 'kube-system',
    clusterIp: '10.96.24.110',
    port: 80,
    app: 'hubble-relay',
  },
  { name: 'frontend', namespace: 'shop', clusterIp: '10.96.112.40', port: 80, app: 'frontend' },
  { name: 'cart-api', namespace: 'shop', clusterIp: '10.96.87.12', port: 8080, app: 'cart-api' },
  {
    name: 'catalog-api',
    namespace: 'shop',
    clusterIp: '10.96.45.201',
    port: 8080,
    app: 'catalog-api',
  },
  {
    name: 'orders-api',
    namespace: 'shop',
    clusterIp: '10.96.133.9',
    port: 8080,
    app: 'orders-api',
  },
  { name: 'postgres', namespace: 'shop', clusterIp: '10.96.9.77', port: 5432, app: 'postgres' },
  // Scaled to zero: traffic to it is dropped with SERVICE_BACKEND_NOT_FOUND.
  { name: 'recommendations', namespace: 'shop', clusterIp: '10.96.61.150', port: 8080, app: '' },
  {
    name: 'payments-api',
    namespace: 'payments',
    clusterIp: '10.96.201.33',
    port: 8080,
    app: 'payments-api',
  },
  {
    name: 'prometheus',
    namespace: 'monitoring',
    clusterIp: '10.96.150.5',
    port: 9090,
    app: 'prometheus',
  },
];

/** Container port per app (Service targetPort). */
export const APP_PORTS: Readonly<Record<string, number>> = {
  frontend: 8080,
  'cart-api': 8080,
  'catalog-api': 8080,
  'orders-api': 8080,
  postgres: 5432,
  'payments-api': 8080,
  coredns: 53,
  'hubble-relay': 4245,
  prometheus: 9090,
};

/** The nodes of the Cilium docs' example cluster (a scaled topology adds more: topology-nodes.ts). */
export const NODE_SPECS: Omit<SimNode, 'labels' | 'mac'>[] = [
  {
    name: 'master241',
    role: 'control-plane',
    internalIp: '192.168.1.241',
    podCidr: '10.100.0.0/24',
    ciliumHostIp: '10.100.0.1',
    healthIp: '10.100.0.2',
  },
  {
    name: 'worker242',
    role: 'worker',
    internalIp: '192.168.1.242',
    podCidr: '10.100.1.0/24',
    ciliumHostIp: '10.100.1.1',
    healthIp: '10.100.1.2',
  },
  {
    name: 'worker243',
    role: 'worker',
    internalIp: '192.168.1.243',
    podCidr: '10.100.2.0/24',
    ciliumHostIp: '10.100.2.1',
    healthIp: '10.100.2.2',
  },
];
