/**
 * The `file` source, for offline triage: a directory of `cilium status -o json` documents (one per
 * agent, or a cilium-cli `status -o json` summary) and Kubernetes object dumps in YAML or JSON
 * (`kubectl get ciliumnodes -o yaml`, the cilium-config ConfigMap, DaemonSets, Deployments, Pods,
 * CiliumEndpoints; single objects, `List`s and multi-document YAML). A truncated status document is
 * salvaged member by member and flagged. Unreadable files become problems; nothing throws.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { AgentStatus, ClusterProblem, ClusterView, ComponentName } from '@/lib/model/cluster';
import { assembleClusterView } from '../assemble';
import { COMPONENTS, countClusterPods, type WorkloadLookup } from '../components';
import {
  decodeStatus,
  extractStatusResponses,
  salvageStatusFragment,
  STATUS_RESPONSE_KEYS,
} from '../decode-status';
import { parseJsonDocument } from '../json-doc';
import { asArr, asObj, asStr, dig } from '../values';

export interface FileSourceOptions {
  namespace?: string;
  nowMs?: number;
  /** Files larger than this are skipped (default 20 MiB). */
  maxFileBytes?: number;
  /** At most this many files are read (default 500). */
  maxFiles?: number;
}

const EXTENSIONS = /\.(json|ya?ml|txt)$/i;

interface Collected {
  ciliumNodes: unknown[];
  configMap: unknown;
  workloads: Partial<Record<ComponentName, WorkloadLookup>>;
  pods: unknown[];
  ceps: number;
  agents: { node: string; status: AgentStatus }[];
  problems: ClusterProblem[];
}

function addObject(obj: unknown, c: Collected, source: string): boolean {
  const kind = asStr(dig(obj, 'kind'));
  if (!kind) return false;
  if (kind.endsWith('List') || kind === 'List') {
    for (const item of asArr(dig(obj, 'items')) ?? []) {
      // Items of a typed list omit their own kind.
      const typed = asStr(dig(item, 'kind'))
        ? item
        : { ...(asObj(item) ?? {}), kind: kind.replace(/List$/, '') };
      addObject(typed, c, source);
    }
    return true;
  }
  const name = asStr(dig(obj, 'metadata', 'name')) ?? '';
  if (kind === 'CiliumNode') c.ciliumNodes.push(obj);
  else if (kind === 'ConfigMap' && name === 'cilium-config') c.configMap = obj;
  else if (kind === 'Pod') c.pods.push(obj);
  else if (kind === 'CiliumEndpoint') c.ceps++;
  else if (kind === 'DaemonSet' || kind === 'Deployment') {
    const spec = COMPONENTS.find(s => s.name === name && s.kind === kind);
    if (spec) c.workloads[spec.name] = { found: true, object: obj };
  } else c.problems.push({ source, kind: 'error', message: `ignored object of kind ${kind}` });
  return true;
}

function addStatus(doc: unknown, c: Collected, source: string, stem: string): void {
  for (const { pod, doc: d } of extractStatusResponses(doc)) {
    const status = decodeStatus(d);
    // Without cluster.self, name the node after the pod (cilium-cli summary) or the file.
    const node = status.self !== 'unknown' ? status.self : (pod ?? stem);
    c.agents.push({ node, status });
    if (status.decodeWarnings.length > 0)
      c.problems.push({
        source,
        kind: 'malformed',
        message: `some fields were unreadable: ${status.decodeWarnings.join('; ')}`,
        node,
      });
  }
}

function looksLikeStatus(text: string): boolean {
  return STATUS_RESPONSE_KEYS.some(k => text.includes(`"${k}"`));
}

async function readOne(file: string, c: Collected): Promise<void> {
  const source = `file:${file}`;
  const text = await fs.readFile(file, 'utf8');
  const stem = path.basename(file).replace(/(\.json)?(\.txt)?$|\.ya?ml$/i, '');
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = parseJsonDocument(trimmed, path.basename(file));
    } catch (err) {
      if (!looksLikeStatus(trimmed)) throw err;
      // A truncated status paste: keep the complete members and say what was lost.
      const { status, incomplete } = salvageStatusFragment(trimmed, path.basename(file));
      const node = status.self !== 'unknown' ? status.self : stem;
      c.agents.push({ node, status });
      c.problems.push({
        source,
        kind: 'malformed',
        message: `${(err as Error).message}; used the complete parts only${incomplete.length ? ` (cut off: ${incomplete.join(', ')})` : ''}`,
        node,
      });
      return;
    }
    if (addObject(doc, c, source)) return;
    addStatus(doc, c, source, stem);
    return;
  }
  if (/\.ya?ml$/i.test(file)) {
    for (const d of parseAllDocuments(text)) {
      if (d.errors.length > 0) throw new Error(`YAML error: ${d.errors[0]?.message ?? 'unknown'}`);
      const obj: unknown = d.toJS();
      if (obj === null || obj === undefined) continue;
      if (!addObject(obj, c, source)) addStatus(obj, c, source, stem);
    }
    return;
  }
  if (looksLikeStatus(trimmed)) {
    const { status, incomplete } = salvageStatusFragment(trimmed, path.basename(file));
    c.agents.push({ node: status.self !== 'unknown' ? status.self : stem, status });
    c.problems.push({
      source,
      kind: 'malformed',
      message: `not a whole JSON document; used the complete parts only${incomplete.length ? ` (cut off: ${incomplete.join(', ')})` : ''}`,
    });
    return;
  }
  c.problems.push({
    source,
    kind: 'error',
    message: 'not a status document or Kubernetes object; skipped',
  });
}

/** Reads `dir` (non-recursive, sorted by name) and assembles the view. Never throws. */
export async function collectFileCluster(
  dir: string,
  opts: FileSourceOptions = {},
): Promise<ClusterView> {
  const c: Collected = {
    ciliumNodes: [],
    configMap: null,
    workloads: {},
    pods: [],
    ceps: 0,
    agents: [],
    problems: [],
  };
  const maxBytes = opts.maxFileBytes ?? 20 * 1024 * 1024;
  let names: string[] = [];
  try {
    names = (await fs.readdir(dir)).filter(n => EXTENSIONS.test(n)).sort();
  } catch (err) {
    c.problems.push({
      source: `file:${dir}`,
      kind: 'error',
      message: `cannot read directory: ${(err as Error).message}`,
    });
  }
  if (names.length > (opts.maxFiles ?? 500)) {
    c.problems.push({
      source: `file:${dir}`,
      kind: 'error',
      message: `${names.length} files; only the first ${opts.maxFiles ?? 500} were read`,
    });
    names = names.slice(0, opts.maxFiles ?? 500);
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const st = await fs.stat(file);
      if (!st.isFile()) continue;
      if (st.size > maxBytes) {
        c.problems.push({
          source: `file:${file}`,
          kind: 'error',
          message: `larger than ${maxBytes} bytes; skipped`,
        });
        continue;
      }
      await readOne(file, c);
    } catch (err) {
      c.problems.push({
        source: `file:${file}`,
        kind: 'malformed',
        message: (err as Error).message,
      });
    }
  }
  const ns = opts.namespace ?? 'kube-system';
  // Only components whose objects were supplied are shown; absent files mean "not collected".
  const haveWorkloads = Object.keys(c.workloads).length > 0;
  if (haveWorkloads) for (const s of COMPONENTS) c.workloads[s.name] ??= { found: false };
  return assembleClusterView({
    sources: ['file'],
    namespace: ns,
    nowMs: opts.nowMs ?? Date.now(),
    ciliumNodes: c.ciliumNodes.length > 0 ? c.ciliumNodes : null,
    configMap: c.configMap,
    workloads: c.workloads,
    namespacePods:
      c.pods.length > 0
        ? c.pods.filter(p => (asStr(dig(p, 'metadata', 'namespace')) ?? ns) === ns)
        : null,
    clusterPodTotal: c.pods.length > 0 ? countClusterPods(c.pods) : null,
    ciliumEndpointCount: c.ceps > 0 ? c.ceps : null,
    agents: c.agents,
    nodeErrors: [],
    problems: c.problems,
  });
}
