/**
 * The simulated cluster's network policies, as Hubble names them on policy-verdict and drop events
 * (`egress_allowed_by`, `ingress_allowed_by`, `egress_denied_by`). `shop` and `payments` run with
 * default deny plus the allow rules below; `kube-system` and `monitoring` are not policy-enforced.
 */
import type { Policy } from '@/proto/gen/flow/flow_pb';
import type { ConnPolicies } from '@/lib/sim/conversation';
import { fnv1a } from '@/lib/sim/topology';
import { shareMessage } from '@/lib/sim/wire-encode';

const cache = new Map<string, Policy>();

/** Shared Policy message for a CiliumNetworkPolicy (namespace set) or clusterwide policy (''). */
export function policy(namespace: string, name: string): Policy {
  const key = `${namespace}/${name}`;
  let p = cache.get(key);
  if (!p) {
    const kind = namespace ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy';
    const h = fnv1a(key).toString(16).padStart(8, '0');
    p = shareMessage<Policy>({
      $typeName: 'flow.Policy',
      name,
      namespace,
      labels: [
        `k8s:io.cilium.k8s.policy.derived-from=${kind}`,
        `k8s:io.cilium.k8s.policy.name=${name}`,
        ...(namespace ? [`k8s:io.cilium.k8s.policy.namespace=${namespace}`] : []),
        `k8s:io.cilium.k8s.policy.uid=${h}-5b1e-4c3a-9f0d-${h}${h.slice(0, 4)}`,
      ],
      revision: BigInt(3 + (fnv1a(name) % 40)),
      kind,
    });
    cache.set(key, p);
  }
  return p;
}

/** The clusterwide deny rule that blocks the cloud metadata endpoint. */
export const DENY_METADATA = policy('', 'deny-cloud-metadata');

const NS_OF: Record<string, string> = {
  frontend: 'shop',
  'cart-api': 'shop',
  'catalog-api': 'shop',
  'orders-api': 'shop',
  postgres: 'shop',
  'payments-api': 'payments',
};

/**
 * Policies allowing `from` -> `to` between two apps: the client namespace's egress policy and the
 * server's ingress policy (L7 HTTP rules on the API services, hence a proxy redirect).
 */
export function policiesFor(from: string, to: string): ConnPolicies {
  const fromNs = NS_OF[from];
  const toNs = NS_OF[to];
  return {
    egress: fromNs ? [policy(fromNs, `${fromNs}-egress`)] : [],
    ingress: toNs
      ? [
          policy(
            toNs,
            to === 'payments-api' ? 'allow-orders-to-payments' : 'allow-frontend-to-apis',
          ),
        ]
      : [],
    ingressL7: toNs !== undefined,
  };
}
