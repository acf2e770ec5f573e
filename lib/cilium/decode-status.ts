/**
 * Decodes `cilium-dbg status -o json` / `cilium status -o json` (the agent's StatusResponse,
 * cilium-status.md §1.1) into AgentStatus. Every key is `omitempty` upstream and the key set moves
 * between versions (`host-routing` → `routing` in 1.16, `hubble.metrics` → `hubble-metrics` in 1.18),
 * so each field is read on its own: a missing or mistyped field becomes unknown/null and is noted in
 * `decodeWarnings`; only a document that is not a StatusResponse at all throws StatusDecodeError.
 */
import type { AgentStatus, SubsystemState } from '@/lib/model/cluster';
import {
  decodeCluster,
  decodeControllers,
  decodeEncryption,
  decodeHubble,
  decodeIpam,
  decodeKpr,
  decodeMasq,
  decodePeers,
  decodeRouting,
  normalizeState,
  Reader,
} from './status-sections';
import { asObj, asStr, dig } from './values';
import { parseJsonDocument, salvageJsonMembers, StatusDecodeError } from './json-doc';

export { normalizeState, StatusDecodeError };

/** Top-level StatusResponse keys across 1.13 – 1.20-pre; a document must contain at least one. */
export const STATUS_RESPONSE_KEYS = [
  'cilium',
  'kvstore',
  'kubernetes',
  'stale',
  'controllers',
  'proxy',
  'ipam',
  'ipv4-big-tcp',
  'ipv6-big-tcp',
  'kube-proxy-replacement',
  'host-firewall',
  'routing',
  'host-routing',
  'masquerading',
  'encryption',
  'hubble',
  'hubble-metrics',
  'cluster-mesh',
  'bandwidth-manager',
  'cni-chaining',
  'cni-file',
  'attach-mode',
  'datapath-mode',
  'configured-datapath-mode',
  'cluster',
  'nodeMonitor',
  'identity-range',
  'bpf-maps',
  'clock-source',
  'auth-certificate-provider',
  'srv6',
  'client-id',
  'container-runtime',
] as const;

/** The CLI's reasons for calling an agent unhealthy (cilium-status.md §1.3 step 4). */
function unhealthyReasons(
  a: Omit<AgentStatus, 'unhealthy' | 'decodeWarnings'>,
  r: Reader,
): string[] {
  const out: string[] = [];
  const bad = (s: SubsystemState) => s === 'Warning' || s === 'Failure';
  const check = (name: string, s: { state: SubsystemState; msg: string } | null | undefined) => {
    if (s && bad(s.state)) out.push(`${name}: ${s.state}${s.msg ? ` ${s.msg}` : ''}`);
  };
  check('cilium', a.cilium);
  check('kubernetes', a.kubernetes);
  check('kvstore', a.kvstore);
  check('cilium-health', a.clusterHealth);
  check('hubble', a.hubble);
  check('auth-certificate-provider', r.status('auth-certificate-provider'));
  for (const c of a.controllers?.failing ?? []) {
    const since = c.lastSuccessTime ? ` since ${c.lastSuccessTime}` : '';
    out.push(
      `controller ${c.name} is failing${since} (${c.consecutiveFailures}x): ${c.lastFailureMsg}`,
    );
  }
  for (const probe of Object.keys(a.stale))
    out.push(`stale status data: probe ${probe} did not finish`);
  return out;
}

/**
 * Decodes a parsed StatusResponse. Throws StatusDecodeError when `doc` is not an object or has none of
 * the StatusResponse keys (e.g. a cilium-cli `-o json` summary: use extractStatusResponses first).
 */
export function decodeStatus(doc: unknown): AgentStatus {
  const o = asObj(doc);
  if (!o) {
    const what = Array.isArray(doc) ? 'an array' : doc === null ? 'null' : typeof doc;
    throw new StatusDecodeError(`status document must be a JSON object, got ${what}`);
  }
  if (!STATUS_RESPONSE_KEYS.some(k => k in o)) {
    const keys = Object.keys(o).slice(0, 5).join(', ') || 'none';
    throw new StatusDecodeError(`not a StatusResponse: no known status keys (found: ${keys})`);
  }
  const r = new Reader(o);
  const staleObj = asObj(o.stale) ?? {};
  const stale: Record<string, string> = {};
  for (const [k, v] of Object.entries(staleObj)) stale[k] = typeof v === 'string' ? v : '';
  const self = asStr(dig(o, 'cluster', 'self'));
  const base = {
    // cluster.self may be `cluster-name/node-name`.
    self: self ? (self.split('/').pop() ?? self) : 'unknown',
    cilium: r.status('cilium'),
    kubernetes: r.status('kubernetes'),
    kvstore: r.status('kvstore'),
    stale,
    controllers: decodeControllers(r),
    ipam: decodeIpam(r),
    hubble: decodeHubble(r),
    clusterHealth: decodeCluster(r),
    encryption: decodeEncryption(r),
    routing: decodeRouting(r),
    kubeProxyReplacement: decodeKpr(r),
    masquerading: decodeMasq(r),
    peers: decodePeers(r),
    attachMode: asStr(o['attach-mode']) ?? 'unknown',
    datapathMode: asStr(o['datapath-mode']) ?? 'unknown',
  };
  return { ...base, unhealthy: unhealthyReasons(base, r), decodeWarnings: r.warnings };
}

/** Parses and decodes a `cilium-dbg status -o json` text. Throws StatusDecodeError naming the problem. */
export function decodeStatusText(text: string, origin = 'status document'): AgentStatus {
  return decodeStatus(parseJsonDocument(text, origin));
}

/**
 * The StatusResponses inside a document: the document itself, or each `cilium_status[pod]` of a
 * cilium-cli `status -o json` summary.
 */
export function extractStatusResponses(doc: unknown): { pod: string | null; doc: unknown }[] {
  const cli = asObj(dig(doc, 'cilium_status'));
  if (cli) return Object.entries(cli).map(([pod, d]) => ({ pod, doc: d }));
  return [{ pod: null, doc }];
}

/**
 * Decodes what can be recovered from a truncated or partial status text (an issue excerpt): each
 * complete top-level StatusResponse member is kept, the rest is unknown. Throws StatusDecodeError when
 * no member is complete.
 */
export function salvageStatusFragment(
  text: string,
  origin = 'status fragment',
): { status: AgentStatus; recovered: string[]; incomplete: string[] } {
  const { doc, incomplete } = salvageJsonMembers(text, STATUS_RESPONSE_KEYS);
  const recovered = Object.keys(doc).sort();
  if (recovered.length === 0) {
    const cut = incomplete.length > 0 ? ` (cut off: ${incomplete.join(', ')})` : '';
    throw new StatusDecodeError(`${origin}: no complete StatusResponse member found${cut}`);
  }
  const status = decodeStatus(doc);
  for (const k of incomplete) status.decodeWarnings.push(`${k} is truncated in the source text`);
  return { status, recovered, incomplete };
}
