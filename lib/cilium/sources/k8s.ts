/**
 * The `kubernetes` cluster source: reads CiliumNodes, `cilium-config`, the Cilium DaemonSets and
 * Deployments, pods and CiliumEndpoints through @kubernetes/client-node (read-only RBAC,
 * cilium-status.md §1.5), optionally adds per-agent status over exec, and assembles the ClusterView.
 *
 * Every call runs on its own with a deadline; a failure becomes a `problems` entry (403 names the
 * missing rule) and never loses what the other calls returned. Bodies are decoded from the raw JSON
 * (captured by a response middleware), not client-node's models: the typed deserializer silently
 * reshapes malformed objects (a string `status` becomes `{}`), which would turn "unknown" into zeros.
 */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { ClusterProblem, ClusterView } from '@/lib/model/cluster';
import { assembleClusterView, emptyInputs, type ClusterInputs } from '../assemble';
import { AGENT_CONTAINER, COMPONENTS, countClusterPods, type WorkloadLookup } from '../components';
import { asStr, dig } from '../values';
import { collectAgentStatuses, kubeExecRunner, type ExecOptions, type ExecRunner } from './exec';
import { mergeProblems, type CallSpec } from './k8s-errors';
import { PAGE, RawCaller } from './k8s-raw';

export interface KubernetesSourceOptions {
  /** A loaded config; default: loadKubeConfig(). */
  kubeConfig?: KubeConfig;
  /** Namespace Cilium runs in. Default `kube-system`. */
  namespace?: string;
  configMapName?: string;
  /** Deadline per API call. Default 10 s. */
  timeoutMs?: number;
  /** Opt-in per-agent `cilium-dbg status` over exec (needs `pods/exec`). */
  exec?: (Omit<ExecOptions, 'namespace' | 'runner'> & { runner?: ExecRunner }) | false;
  now?: () => number;
}

/**
 * Loads credentials: `path` if given, else client-node's default order (KUBECONFIG, ~/.kube/config,
 * in-cluster service account). `fallback` is true when nothing was found and client-node fell back to
 * its built-in `http://localhost:8080`.
 */
export function loadKubeConfig(path?: string): { kubeConfig: KubeConfig; fallback: boolean } {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  const fallback =
    !path &&
    kc.currentContext === 'loaded-context' &&
    kc.getCurrentCluster()?.server === 'http://localhost:8080';
  return { kubeConfig: kc, fallback };
}

/**
 * client-node 1.x refuses an `http://` server unless `insecure-skip-tls-verify` is set, although
 * there is no TLS to verify (it also breaks its own in-cluster config on ports 80/8080/8001). Returns
 * a copy with the flag set on plain-http clusters; https clusters are untouched.
 */
export function allowPlainHttp(kc: KubeConfig): KubeConfig {
  if (!kc.clusters.some(c => c.server.startsWith('http://') && !c.skipTLSVerify)) return kc;
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: kc.clusters.map(c =>
      c.server.startsWith('http://') ? { ...c, skipTLSVerify: true } : c,
    ),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.currentContext,
  });
  return out;
}

function resolveKubeConfig(given: KubeConfig | undefined): {
  kubeConfig: KubeConfig | null;
  problems: ClusterProblem[];
} {
  if (given) return { kubeConfig: allowPlainHttp(given), problems: [] };
  try {
    const { kubeConfig, fallback } = loadKubeConfig();
    const problems: ClusterProblem[] = fallback
      ? [
          {
            source: 'kubernetes',
            kind: 'error',
            message:
              'no kubeconfig found (KUBECONFIG, ~/.kube/config) and not running in a cluster',
          },
        ]
      : [];
    return { kubeConfig: allowPlainHttp(kubeConfig), problems };
  } catch (err) {
    const message = `cannot load kubeconfig: ${(err as Error).message}`;
    return { kubeConfig: null, problems: [{ source: 'kubernetes', kind: 'error', message }] };
  }
}

/**
 * Reads everything the kubernetes source can see and returns the assembly inputs (no exec). Exposed
 * separately so callers can add agent statuses from another source.
 */
export async function fetchKubernetesInputs(
  opts: KubernetesSourceOptions = {},
): Promise<ClusterInputs> {
  const ns = opts.namespace ?? 'kube-system';
  const cmName = opts.configMapName ?? 'cilium-config';
  const problems: ClusterProblem[] = [];
  const resolved = resolveKubeConfig(opts.kubeConfig);
  problems.push(...resolved.problems);
  const kc = resolved.kubeConfig;
  if (!kc) return emptyInputs(['kubernetes'], ns, (opts.now ?? Date.now)(), problems);
  const server = kc.getCurrentCluster()?.server ?? 'unknown';
  const caller = new RawCaller(server, opts.timeoutMs ?? 10_000);
  let core: CoreV1Api, apps: AppsV1Api, custom: CustomObjectsApi;
  try {
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  } catch (err) {
    problems.push({
      source: 'kubernetes',
      kind: 'error',
      message: `invalid kubeconfig: ${(err as Error).message}`,
    });
    return emptyInputs(['kubernetes'], ns, (opts.now ?? Date.now)(), problems);
  }
  const nsCall = (
    source: string,
    verb: string,
    resource: string,
    apiGroup: string,
    name?: string,
  ): CallSpec => ({ source, verb, resource, apiGroup, namespace: ns, scope: 'namespaced', name });

  const cnP = caller.list(
    {
      source: 'kubernetes:ciliumnodes',
      verb: 'list',
      resource: 'ciliumnodes',
      apiGroup: 'cilium.io',
      namespace: null,
      scope: 'cluster',
    },
    (c, o) =>
      custom.listClusterCustomObject(
        { group: 'cilium.io', version: 'v2', plural: 'ciliumnodes', limit: PAGE, _continue: c },
        o,
      ),
  );
  const cmP = caller.call(
    nsCall(`kubernetes:configmap/${cmName}`, 'get', 'configmaps', '', cmName),
    o => core.readNamespacedConfigMap({ name: cmName, namespace: ns }, o),
  );
  const wlP = Promise.all(
    COMPONENTS.map(async (spec): Promise<[string, WorkloadLookup, ClusterProblem | undefined]> => {
      const resource = spec.kind === 'DaemonSet' ? 'daemonsets' : 'deployments';
      const call = nsCall(
        `kubernetes:${resource}/${spec.name}`,
        'get',
        resource,
        'apps',
        spec.name,
      );
      const r = await caller.call(call, o =>
        spec.kind === 'DaemonSet'
          ? apps.readNamespacedDaemonSet({ name: spec.name, namespace: ns }, o)
          : apps.readNamespacedDeployment({ name: spec.name, namespace: ns }, o),
      );
      if (r.ok) return [spec.name, { found: true, object: r.body }, undefined];
      // NotFound is the CLI's "disabled", not a failure.
      if (r.problem?.kind === 'not-found') return [spec.name, { found: false }, undefined];
      return [spec.name, { error: r.problem?.message ?? 'unknown error' }, r.problem];
    }),
  );
  const allPodsP = caller.list(
    {
      source: 'kubernetes:pods',
      verb: 'list',
      resource: 'pods',
      apiGroup: '',
      namespace: null,
      scope: 'all-namespaces',
    },
    (c, o) => core.listPodForAllNamespaces({ limit: PAGE, _continue: c }, o),
  );
  const cepP = caller.list(
    {
      source: 'kubernetes:ciliumendpoints',
      verb: 'list',
      resource: 'ciliumendpoints',
      apiGroup: 'cilium.io',
      namespace: null,
      scope: 'all-namespaces',
    },
    (c, o) =>
      custom.listCustomObjectForAllNamespaces(
        { group: 'cilium.io', version: 'v2', plural: 'ciliumendpoints', limit: PAGE, _continue: c },
        o,
      ),
  );

  const [cn, cm, wl, allPods, cep] = await Promise.all([cnP, cmP, wlP, allPodsP, cepP]);
  if (cn.problem) problems.push(cn.problem);
  if (cm.problem) problems.push(cm.problem);
  for (const [, , p] of wl) if (p) problems.push(p);
  if (allPods.problem) problems.push(allPods.problem);
  if (cep.problem) problems.push(cep.problem);

  let nsPods = allPods.items?.filter(p => dig(p, 'metadata', 'namespace') === ns) ?? null;
  if (!allPods.items && allPods.problem?.kind === 'forbidden') {
    // A namespaced Role is enough for the component pods; only the "Cluster Pods" total is lost.
    const r = await caller.list(nsCall('kubernetes:pods', 'list', 'pods', ''), (c, o) =>
      core.listNamespacedPod({ namespace: ns, limit: PAGE, _continue: c }, o),
    );
    if (r.problem) problems.push(r.problem);
    nsPods = r.items;
  }

  return {
    sources: ['kubernetes'],
    namespace: ns,
    nowMs: (opts.now ?? Date.now)(),
    ciliumNodes: cn.items,
    configMap: cm.ok ? cm.body : null,
    workloads: Object.fromEntries(wl.map(([name, lookup]) => [name, lookup])),
    namespacePods: nsPods,
    clusterPodTotal: allPods.items ? countClusterPods(allPods.items) : null,
    ciliumEndpointCount: cep.items ? cep.items.length : null,
    agents: [],
    nodeErrors: [],
    problems,
  };
}

/** Agent pods (`k8s-app=cilium`, Running) with their node, for exec. */
export function agentPodsOf(pods: unknown[]): { name: string; node: string }[] {
  const agentSpec = COMPONENTS[0]!;
  return pods
    .filter(p => agentSpec.selectors.some(([k, v]) => dig(p, 'metadata', 'labels', k) === v))
    .filter(p => dig(p, 'status', 'phase') === 'Running')
    .map(p => ({
      name: asStr(dig(p, 'metadata', 'name')) ?? '',
      node: asStr(dig(p, 'spec', 'nodeName')) ?? '',
    }))
    .filter(p => p.name !== '' && p.node !== '');
}

/**
 * Collects the cluster view from the Kubernetes API (and, with `exec`, from every running agent).
 * Never throws: whatever failed is in `problems`.
 */
export async function collectKubernetesCluster(
  opts: KubernetesSourceOptions = {},
): Promise<ClusterView> {
  const resolved = resolveKubeConfig(opts.kubeConfig);
  const kc = resolved.kubeConfig;
  const inputs = kc
    ? await fetchKubernetesInputs({ ...opts, kubeConfig: kc })
    : emptyInputs(['kubernetes'], opts.namespace ?? 'kube-system', (opts.now ?? Date.now)(), []);
  inputs.problems.unshift(...resolved.problems);
  if (opts.exec && kc && !inputs.namespacePods) {
    inputs.problems.push({
      source: 'exec',
      kind: 'error',
      message: 'agent status not collected: the agent pods could not be listed',
    });
  } else if (opts.exec && kc && inputs.namespacePods) {
    const res = await collectAgentStatuses(agentPodsOf(inputs.namespacePods), {
      container: AGENT_CONTAINER,
      ...opts.exec,
      runner: opts.exec.runner ?? kubeExecRunner(kc),
      namespace: inputs.namespace,
    });
    inputs.sources = ['kubernetes', 'exec'];
    inputs.agents = res.agents;
    inputs.nodeErrors = res.nodeErrors;
    inputs.problems.push(...res.problems);
  }
  inputs.problems = mergeProblems(inputs.problems);
  return assembleClusterView(inputs);
}
