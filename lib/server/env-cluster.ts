/**
 * The cluster-status part of the configuration (FLOWSCOPE_STATUS_SOURCE, FLOWSCOPE_CILIUM_NAMESPACE),
 * parsed by parseConfig in env.ts; docs/configuration.md documents both.
 */
import path from 'node:path';
import type { Env, SourceConfig } from './env';

/**
 * Where the cluster view (issue 5) comes from: the Kubernetes API (optionally with per-agent exec),
 * a directory of status documents and object dumps, the built-in cluster, or nothing.
 */
export type StatusSourceConfig =
  | { kind: 'kubernetes'; exec: boolean }
  | { kind: 'file'; dir: string }
  | { kind: 'sim' }
  | { kind: 'none' };

export interface ClusterConfig {
  status: StatusSourceConfig;
  /** True when FLOWSCOPE_STATUS_SOURCE was not set and the source was picked automatically. */
  statusDefaulted: boolean;
  /** Namespace Cilium runs in (`FLOWSCOPE_CILIUM_NAMESPACE`). */
  namespace: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * FLOWSCOPE_STATUS_SOURCE and FLOWSCOPE_CILIUM_NAMESPACE. The default mirrors kubectl: in a pod
 * (KUBERNETES_SERVICE_HOST) or with a kubeconfig (KUBECONFIG, ~/.kube/config) read the API; the
 * built-in cluster describes itself; otherwise there is nothing to ask, and the page says how to
 * configure one instead of showing connection errors against localhost:8080.
 */
export function parseCluster(
  env: Env,
  get: (n: string) => string | undefined,
  source: SourceConfig,
  problems: string[],
  fileExists: (p: string) => boolean,
): ClusterConfig {
  const namespace = get('FLOWSCOPE_CILIUM_NAMESPACE') ?? 'kube-system';
  if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
    problems.push(
      `FLOWSCOPE_CILIUM_NAMESPACE=${JSON.stringify(namespace)}: expected a Kubernetes namespace name (lower-case letters, digits and '-', at most 63 characters)`,
    );
  }
  const raw = get('FLOWSCOPE_STATUS_SOURCE');
  if (raw === undefined) {
    return {
      status: defaultStatusSource(env, source, fileExists),
      statusDefaulted: true,
      namespace,
    };
  }
  const v = raw.toLowerCase();
  let status: StatusSourceConfig = { kind: 'none' };
  if (v === 'kubernetes' || v === 'k8s') status = { kind: 'kubernetes', exec: false };
  else if (v === 'exec') status = { kind: 'kubernetes', exec: true };
  else if (v === 'sim') status = { kind: 'sim' };
  else if (v === 'none' || v === 'off') status = { kind: 'none' };
  else if (v.startsWith('file:')) {
    const dir = raw.slice('file:'.length).trim();
    if (dir === '')
      problems.push(
        'FLOWSCOPE_STATUS_SOURCE=file: needs a directory of `cilium status -o json` documents and CiliumNode YAML, e.g. file:/data/cilium-sysdump',
      );
    else if (!fileExists(dir))
      problems.push(
        `FLOWSCOPE_STATUS_SOURCE=${JSON.stringify(raw)}: directory ${JSON.stringify(dir)} not found`,
      );
    status = { kind: 'file', dir };
  } else {
    problems.push(
      `FLOWSCOPE_STATUS_SOURCE=${JSON.stringify(raw)}: expected kubernetes, exec (kubernetes plus per-agent cilium-dbg status, needs pods/exec), file:<dir>, sim or none`,
    );
  }
  return { status, statusDefaulted: false, namespace };
}

function defaultStatusSource(
  env: Env,
  source: SourceConfig,
  fileExists: (p: string) => boolean,
): StatusSourceConfig {
  if (source.kind === 'sim') return { kind: 'sim' };
  if (env['KUBERNETES_SERVICE_HOST']?.trim()) return { kind: 'kubernetes', exec: false };
  // KUBECONFIG is a path list, like PATH; any existing entry counts.
  const listed = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter(p => p.trim() !== '');
  if (listed.some(p => fileExists(p))) return { kind: 'kubernetes', exec: false };
  const home = env['HOME']?.trim();
  if (home && fileExists(path.join(home, '.kube', 'config')))
    return { kind: 'kubernetes', exec: false };
  return { kind: 'none' };
}
