import { describe, expect, it } from 'vitest';
import { pod, reserved } from './testing/flow-builders';
import { sampleRecords } from './testing/samples';
import { createWorkloadResolver, ownerLabel, workloadNameFromPod } from './workload';

describe('workloadNameFromPod', () => {
  it.each([
    ['deathstar-7848d6c4d5-th9v2', 'deathstar'], // Deployment: ReplicaSet hash + pod suffix
    ['productpage-v1-6b746f74dc-9rcxx', 'productpage-v1'],
    ['ratings-v1-b6994bb9-jgqxb', 'ratings-v1'],
    ['coredns-558bd4d5db-w2m67', 'coredns'],
    ['otelcol-hubble-collector-fwc6m', 'otelcol-hubble-collector'], // DaemonSet
    ['web-0', 'web'], // StatefulSet ordinal
    ['kafka-broker-12', 'kafka-broker'],
    ['xwing', 'xwing'], // bare pod
    ['reviews-v2', 'reviews-v2'], // not a generated suffix
    ['my-app-house', 'my-app-house'], // vowels never appear in generated suffixes
  ])('%s -> %s', (podName, workload) => {
    expect(workloadNameFromPod(podName)).toBe(workload);
  });
});

describe('ownerLabel', () => {
  it('prefers app.kubernetes.io/name over app and ignores other labels', () => {
    expect(ownerLabel(['k8s:app=a', 'k8s:app.kubernetes.io/name=b'])).toBe('b');
    expect(ownerLabel(['k8s:version=v1', 'k8s:app=reviews'])).toBe('reviews');
    expect(ownerLabel(['k8s:k8s-app=kube-dns', 'reserved:world'])).toBe('');
  });
});

describe('createWorkloadResolver', () => {
  it('uses workloads, then owner labels, then the pod name', () => {
    const r = createWorkloadResolver();
    const withWorkload = pod('shop', 'cart-7d4b9c8f6d-x2x9z', {
      workloads: [{ name: 'cart', kind: 'Deployment' }],
      labels: ['k8s:app=shopping'],
    });
    expect(r.resolve(withWorkload)).toMatchObject({
      id: 'shop/cart',
      label: 'cart',
      namespace: 'shop',
      kind: 'workload',
      workloadKind: 'Deployment',
    });
    expect(r.resolve(pod('shop', 'db-0', { labels: ['k8s:app=postgres'] })).id).toBe(
      'shop/postgres',
    );
    expect(r.resolve(pod('shop', 'db-0', { namespace: 'data', labels: [] })).id).toBe('data/db');
  });

  it('lets a pod name win over a reserved:world identity and reuses what its labels said', () => {
    const r = createWorkloadResolver();
    const l3 = pod('bookinfo', 'details-v1-79f774bdb9-m4j4k', {
      labels: ['k8s:app=details', 'k8s:io.kubernetes.pod.namespace=bookinfo'],
    });
    const l7Quirk = pod('bookinfo', 'details-v1-79f774bdb9-m4j4k', {
      identity: 2,
      labels: ['reserved:world'],
    });
    expect(r.resolve(l3).id).toBe('bookinfo/details');
    expect(r.resolve(l7Quirk)).toMatchObject({ id: 'bookinfo/details', kind: 'workload' });
    // Never seen with labels: the pod name is all there is.
    const other = pod('bookinfo', 'reviews-v3-84779c7bbc-6x8gl', {
      identity: 2,
      labels: ['reserved:world'],
    });
    expect(r.resolve(other).id).toBe('bookinfo/reviews-v3');
    // A later record with labels upgrades the guess for the following records.
    r.resolve({ ...other, identity: 18688, labels: ['k8s:app=reviews'] });
    expect(r.resolve(other).id).toBe('bookinfo/reviews');
  });

  it('gives reserved identities their own nodes, by label or by number', () => {
    const r = createWorkloadResolver();
    expect(r.resolve(reserved('host', 1))).toMatchObject({ id: 'reserved:host', kind: 'reserved' });
    expect(r.resolve(reserved('remote-node', 6)).id).toBe('reserved:remote-node');
    expect(r.resolve(reserved('health', 4)).id).toBe('reserved:health');
    expect(r.resolve(reserved('ingress', 8)).id).toBe('reserved:ingress');
    expect(r.resolve(reserved('unmanaged', 3)).id).toBe('reserved:unmanaged');
    const apiserver = reserved('kube-apiserver', 7, {
      labels: ['reserved:host', 'reserved:kube-apiserver'],
    });
    expect(r.resolve(apiserver).id).toBe('reserved:kube-apiserver');
    expect(r.resolve(reserved('x', 6, { labels: [] })).id).toBe('reserved:remote-node');
    expect(r.resolve(reserved('x', 0, { labels: [] })).id).toBe('reserved:unknown');
  });

  it('splits world by DNS name and keeps CIDR identities apart', () => {
    const r = createWorkloadResolver();
    expect(r.resolve(reserved('world', 2))).toMatchObject({ id: 'world', kind: 'world' });
    const named = reserved('world', 2, { names: ['www.example.com', 'api.example.com.'] });
    expect(r.resolve(named)).toMatchObject({
      id: 'world:api.example.com',
      label: 'api.example.com',
    });
    const cidr = reserved('world-ipv4', 16_777_259, {
      labels: ['cidr:10.0.0.0/8', 'cidr:10.1.0.0/16', 'reserved:world-ipv4'],
    });
    expect(r.resolve(cidr)).toMatchObject({ id: 'cidr:10.1.0.0/16', kind: 'cidr' });
    const host = reserved('world-ipv4', 16_777_260, {
      labels: ['cidr:1.1.1.1/32', 'fqdn:one.one.one.one.', 'reserved:world-ipv4'],
    });
    expect(r.resolve(host).id).toBe('cidr:1.1.1.1/32');
    expect(r.resolve({ ...host, names: ['one.one.one.one.'] }).id).toBe('world:one.one.one.one');
    expect(r.resolve({ ...host, labels: ['fqdn:one.one.one.one.'] }).id).toBe(
      'world:one.one.one.one',
    );
  });

  it('groups label-only endpoints by namespace label and prefixes the cluster when set', () => {
    const r = createWorkloadResolver();
    const remote = reserved('x', 3418, {
      labels: ['k8s:app=productpage', 'k8s:io.kubernetes.pod.namespace=bookinfo'],
    });
    expect(r.resolve(remote)).toMatchObject({ id: 'bookinfo/productpage', namespace: 'bookinfo' });
    const sa = reserved('x', 48342, {
      labels: [
        'k8s:k8s-app=kube-dns',
        'k8s:io.kubernetes.pod.namespace=kube-system',
        'k8s:io.cilium.k8s.policy.serviceaccount=coredns',
      ],
    });
    expect(r.resolve(sa).id).toBe('kube-system/coredns');
    expect(r.resolve(reserved('x', 5000, { labels: [] })).id).toBe('identity:5000');
    expect(r.resolve(pod('shop', 'web-0', { cluster: 'east' }))).toMatchObject({
      id: 'east/shop/web',
      cluster: 'east',
    });
  });

  it('keeps its caches bounded', () => {
    const r = createWorkloadResolver({ maxEntries: 100 });
    for (let i = 0; i < 1_000; i++) r.resolve(pod('ns', `p-${i}`));
    expect(r.size).toBeLessThanOrEqual(100);
  });

  it('resolves the bookinfo sample to one node per app, with the L7 quirk folded in', () => {
    const r = createWorkloadResolver();
    const ids = new Set<string>();
    for (const f of sampleRecords('400-tcp')) {
      ids.add(r.resolve(f.src).id);
      ids.add(r.resolve(f.dst).id);
    }
    expect([...ids].sort()).toEqual([
      'bookinfo/details',
      'bookinfo/productpage',
      'bookinfo/ratings',
      'bookinfo/reviews',
      'jaeger/jaeger-default', // app.kubernetes.io/name=jaeger-default wins over app=jaeger
      'kube-system/otelcol-hubble-collector',
      'reserved:health',
      'reserved:host',
      'reserved:remote-node',
    ]);
  });
});
