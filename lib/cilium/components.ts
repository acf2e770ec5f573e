/**
 * Component readiness as the `cilium status` CLI computes it (cilium-status.md §1.3, cilium-cli
 * status/k8s.go): DaemonSet/Deployment counts and rollout checks, pod phases, image versions and the
 * agent pod on each node. Inputs are raw Kubernetes JSON objects (or client-node models, which share
 * the camelCase field names); every field is read defensively.
 */
import type {
  AgentPod,
  ComponentHealth,
  ComponentName,
  ComponentStatus,
} from '@/lib/model/cluster';
import { asArr, asBool, asNum, asObj, asStr, dig, versionFromImage } from './values';

export interface ComponentSpec {
  name: ComponentName;
  kind: 'DaemonSet' | 'Deployment';
  /** Label selectors (any matches): the chart's current label first, then older ones. */
  selectors: [string, string][];
  /** Cilium itself is required; the rest are "disabled" when absent. */
  required: boolean;
}

export const COMPONENTS: ComponentSpec[] = [
  { name: 'cilium', kind: 'DaemonSet', selectors: [['k8s-app', 'cilium']], required: true },
  {
    name: 'cilium-envoy',
    kind: 'DaemonSet',
    selectors: [
      ['name', 'cilium-envoy'],
      ['k8s-app', 'cilium-envoy'],
    ],
    required: false,
  },
  {
    name: 'cilium-operator',
    kind: 'Deployment',
    selectors: [['io.cilium/app', 'operator']],
    required: true,
  },
  {
    name: 'hubble-relay',
    kind: 'Deployment',
    selectors: [
      ['app.kubernetes.io/name', 'hubble-relay'],
      ['k8s-app', 'hubble-relay'],
    ],
    required: false,
  },
  {
    name: 'hubble-ui',
    kind: 'Deployment',
    selectors: [
      ['k8s-app', 'hubble-ui'],
      ['app.kubernetes.io/name', 'hubble-ui'],
    ],
    required: false,
  },
  {
    name: 'clustermesh-apiserver',
    kind: 'Deployment',
    selectors: [['k8s-app', 'clustermesh-apiserver']],
    required: false,
  },
];

/** Agent pod label (`k8s-app=cilium`) and container name, as cilium-cli's defaults. */
export const AGENT_SELECTOR = 'k8s-app=cilium';
export const AGENT_CONTAINER = 'cilium-agent';

/** Failure reasons the CLI does not count as errors (evictions, node shutdown, ...). */
const BENIGN_FAILED = new Set([
  'TaintToleration',
  'NodeAffinity',
  'NodeLost',
  'Evicted',
  'Shutdown',
  'Preempting',
  'UnexpectedAdmissionError',
]);

/** True when the pod carries one of the component's selector labels. */
export function podMatches(spec: ComponentSpec, pod: unknown): boolean {
  const labels = asObj(dig(pod, 'metadata', 'labels'));
  return !!labels && spec.selectors.some(([k, v]) => labels[k] === v);
}

function podImages(pod: unknown): string[] {
  return (asArr(dig(pod, 'spec', 'containers')) ?? [])
    .map(c => asStr(dig(c, 'image')))
    .filter((s): s is string => s !== null);
}

/** What the caller could learn about the workload object itself. */
export type WorkloadLookup =
  { found: true; object: unknown } | { found: false } | { error: string };

function counts(spec: ComponentSpec, obj: unknown) {
  const st = asObj(dig(obj, 'status'));
  const desired =
    spec.kind === 'DaemonSet'
      ? asNum(st?.desiredNumberScheduled)
      : (asNum(dig(obj, 'spec', 'replicas')) ?? asNum(st?.replicas));
  // Kubernetes omits zero counters (omitempty): once the desired count is known, absent means 0.
  // Without it (status missing or malformed) every counter stays unknown rather than a false 0.
  const n = (k: string) => (st && desired !== null ? (asNum(st[k]) ?? 0) : null);
  if (spec.kind === 'DaemonSet') {
    return {
      desired,
      ready: n('numberReady'),
      available: n('numberAvailable'),
      unavailable: n('numberUnavailable'),
      updated: n('updatedNumberScheduled'),
    };
  }
  return {
    desired,
    ready: n('readyReplicas'),
    available: n('availableReplicas'),
    unavailable: n('unavailableReplicas'),
    updated: n('updatedReplicas'),
  };
}

/**
 * Decodes one component from its workload lookup and the pods in its namespace (all pods are passed;
 * the component's are picked by label).
 */
export function decodeComponent(
  spec: ComponentSpec,
  lookup: WorkloadLookup,
  pods: unknown[],
  namespace: string,
): ComponentStatus {
  const own = pods.filter(p => podMatches(spec, p));
  const phases: Record<string, number> = {};
  const imageCount = new Map<string, number>();
  const errors: string[] = [];
  const warnings: string[] = [];
  let pending = 0;
  for (const p of own) {
    const phase = asStr(dig(p, 'status', 'phase')) ?? 'Unknown';
    phases[phase] = (phases[phase] ?? 0) + 1;
    for (const img of podImages(p)) imageCount.set(img, (imageCount.get(img) ?? 0) + 1);
    if (phase === 'Pending') pending++;
    const reason = asStr(dig(p, 'status', 'reason')) ?? '';
    if (phase === 'Failed' && !BENIGN_FAILED.has(reason))
      errors.push(
        `pod ${asStr(dig(p, 'metadata', 'name')) ?? '?'} failed${reason ? `: ${reason}` : ''}`,
      );
  }
  if (pending > 0) warnings.push(`${pending} pods of ${spec.name} are pending`);

  const base = { name: spec.name, kind: spec.kind, phases, errors, warnings };
  if ('error' in lookup) {
    const images = [...imageCount].map(([image, count]) => ({ image, count }));
    return {
      ...base,
      health: 'unknown',
      desired: null,
      ready: null,
      available: null,
      unavailable: null,
      updated: null,
      images,
      version: mainVersion(images),
    };
  }
  if (!lookup.found) {
    if (spec.required) errors.push(`${spec.kind} ${spec.name} not found in ${namespace}`);
    return {
      ...base,
      health: spec.required ? 'error' : 'disabled',
      desired: null,
      ready: null,
      available: null,
      unavailable: null,
      updated: null,
      images: [],
      version: 'unknown',
    };
  }

  const obj = lookup.object;
  const c = counts(spec, obj);
  if (c.desired !== null && c.ready !== null) {
    const notReady = c.desired - c.ready;
    if (notReady > 0) errors.push(`${notReady} pods of ${spec.kind} ${spec.name} are not ready`);
    if (c.unavailable !== null && c.unavailable - Math.max(notReady, 0) > 0)
      warnings.push(
        `${c.unavailable - Math.max(notReady, 0)} pods of ${spec.kind} ${spec.name} are not available`,
      );
    if (c.updated !== null && c.updated < c.desired)
      errors.push(
        `${spec.kind} ${spec.name} is rolling out - ${c.updated} out of ${c.desired} pods updated`,
      );
  } else {
    warnings.push(`${spec.kind} ${spec.name} has no readable status`);
  }
  const gen = asNum(dig(obj, 'metadata', 'generation'));
  const observed = asNum(dig(obj, 'status', 'observedGeneration'));
  if (gen !== null && observed !== null && gen !== observed)
    errors.push(`${spec.kind} ${spec.name} is being updated but the rollout has not started`);

  // No pods listed (e.g. pods forbidden): fall back to the pod template's images.
  if (imageCount.size === 0) {
    for (const ctr of asArr(dig(obj, 'spec', 'template', 'spec', 'containers')) ?? []) {
      const img = asStr(dig(ctr, 'image'));
      if (img) imageCount.set(img, c.desired ?? 0);
    }
  }
  const images = [...imageCount].map(([image, count]) => ({ image, count }));
  const health: ComponentHealth =
    errors.length > 0
      ? 'error'
      : c.desired === null
        ? 'unknown'
        : warnings.length > 0
          ? 'warning'
          : 'ok';
  return { ...base, ...c, health, images, version: mainVersion(images) };
}

/** Version of the most common image with a semver tag. */
function mainVersion(images: { image: string; count: number }[]): string {
  const withVersion = images
    .map(i => ({ ...i, v: versionFromImage(i.image) }))
    .filter(i => i.v !== 'unknown')
    .sort((a, b) => b.count - a.count);
  return withVersion[0]?.v ?? 'unknown';
}

/** Worst health over components, ignoring disabled optional ones. */
export function overallHealth(components: ComponentStatus[]): ComponentHealth {
  const order: ComponentHealth[] = ['error', 'warning', 'unknown', 'ok'];
  for (const h of order) if (components.some(c => c.health === h)) return h;
  return 'unknown';
}

/** The agent pod's state in the CLI's words ("container cilium-agent is in CrashLoopBackOff ..."). */
export function decodeAgentPod(pod: unknown): AgentPod {
  const statuses = asArr(dig(pod, 'status', 'containerStatuses')) ?? [];
  const agent = statuses.find(s => asStr(dig(s, 'name')) === AGENT_CONTAINER) ?? statuses[0];
  const phase = asStr(dig(pod, 'status', 'phase')) ?? 'Unknown';
  let message = '';
  if (agent && !asObj(dig(agent, 'state', 'running'))) {
    const waiting = asStr(dig(agent, 'state', 'waiting', 'reason'));
    const term =
      asObj(dig(agent, 'lastState', 'terminated')) ?? asObj(dig(agent, 'state', 'terminated'));
    message = `container ${AGENT_CONTAINER} ${waiting ? `is in ${waiting}` : 'is not running'}`;
    if (term) {
      message += `, exited with code ${asNum(term.exitCode) ?? '?'}`;
      const tm = asStr(term.message) ?? asStr(term.reason);
      if (tm) message += `: ${tm}`;
    }
  }
  const readyB = agent ? asBool(dig(agent, 'ready')) : null;
  const images = podImages(pod);
  return {
    name: asStr(dig(pod, 'metadata', 'name')) ?? 'unknown',
    phase,
    ready: readyB ?? 'unknown',
    restarts: agent ? asNum(dig(agent, 'restartCount')) : null,
    image: images[0] ?? null,
    message,
  };
}

/** "Cluster Pods" total: pods that are not hostNetwork and are Running or Pending. */
export function countClusterPods(pods: unknown[]): number {
  return pods.filter(p => {
    const phase = asStr(dig(p, 'status', 'phase'));
    return (
      asBool(dig(p, 'spec', 'hostNetwork')) !== true && (phase === 'Running' || phase === 'Pending')
    );
  }).length;
}
