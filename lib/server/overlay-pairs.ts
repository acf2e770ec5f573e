/**
 * Overlay accounting for the tunnel map: flows that left a node through the tunnel (trace point
 * TO_OVERLAY, or observed on `cilium_vxlan` / `cilium_geneve`) counted per node pair, with drops
 * between pods of two nodes placed on the same pair. Computed over the flows the server holds, so the
 * numbers cover exactly the store's window and cost nothing at ingest.
 */
import { nodeOwningIP } from '@/lib/cilium/cidr';
import type { OverlayAccounting, OverlayPair } from '@/lib/model/cluster-api';
import type { ClusterNode } from '@/lib/model/cluster';
import type { FlowRecord } from '@/lib/model/flow-record';

const OVERLAY_IFACES = new Set(['cilium_vxlan', 'cilium_geneve']);
/** Bounds: distinct IPs remembered while scanning, pairs kept, drop reasons kept per pair. */
const MAX_IP_CACHE = 50_000;
/** Every directed pair of a 100-node cluster (9,900) fits; beyond, counts go to `uncounted`. */
export const MAX_PAIRS = 10_000;
const MAX_REASONS = 8;

/** `cluster/node` → `node`: Relay prefixes names outside the `default` cluster. */
export function bareNodeName(name: string): string {
  const i = name.lastIndexOf('/');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** True for a flow captured as it entered the tunnel on the sending node. */
export function crossedOverlay(r: Pick<FlowRecord, 'traceObservationPoint' | 'iface'>): boolean {
  if (r.traceObservationPoint === 'TO_OVERLAY') return true;
  // The receiving side (FROM_OVERLAY) sees the same packet on the same device: count it once.
  return OVERLAY_IFACES.has(r.iface) && r.traceObservationPoint !== 'FROM_OVERLAY';
}

/** Accumulates overlay flows and cross-node drops per (from, to) node pair. */
export class OverlayCounter {
  private readonly pairs = new Map<string, OverlayPair>();
  private readonly owners = new Map<string, string | null>();
  private scanned = 0;
  private unattributed = 0;
  private uncounted = 0;
  private fromMs: number | null = null;
  private toMs: number | null = null;

  constructor(private readonly nodes: ClusterNode[]) {}

  private owner(ip: string): string | null {
    if (ip === '') return null;
    const hit = this.owners.get(ip);
    if (hit !== undefined) return hit;
    if (this.owners.size >= MAX_IP_CACHE) this.owners.clear();
    const o = nodeOwningIP(this.nodes, ip);
    this.owners.set(ip, o);
    return o;
  }

  private pair(from: string, to: string): OverlayPair | null {
    const key = `${from}\u0000${to}`;
    let p = this.pairs.get(key);
    if (!p) {
      if (this.pairs.size >= MAX_PAIRS) {
        this.uncounted++;
        return null;
      }
      p = { from, to, flows: 0, drops: 0, dropReasons: {}, lastMs: 0 };
      this.pairs.set(key, p);
    }
    return p;
  }

  /** Counts one flow (a flyweight view is fine: nothing is retained). */
  add(r: FlowRecord): void {
    this.scanned++;
    if (this.fromMs === null || r.timeMs < this.fromMs) this.fromMs = r.timeMs;
    if (this.toMs === null || r.timeMs > this.toMs) this.toMs = r.timeMs;
    const overlay = crossedOverlay(r);
    const dropped = r.verdict === 'DROPPED';
    if (!overlay && !dropped) return;
    const to = this.owner(r.dst.ip);
    if (overlay) {
      const from = bareNodeName(r.node);
      if (to === null) this.unattributed++;
      else if (to !== from) {
        const p = this.pair(from, to);
        if (p) {
          p.flows++;
          p.lastMs = Math.max(p.lastMs, r.timeMs);
        }
      }
    }
    if (dropped && to !== null) {
      const from = this.owner(r.src.ip) ?? bareNodeName(r.node);
      if (from === to) return;
      const p = this.pair(from, to);
      if (!p) return;
      p.drops++;
      p.lastMs = Math.max(p.lastMs, r.timeMs);
      const reason = r.dropReason || 'unknown';
      if (reason in p.dropReasons || Object.keys(p.dropReasons).length < MAX_REASONS)
        p.dropReasons[reason] = (p.dropReasons[reason] ?? 0) + 1;
    }
  }

  result(): OverlayAccounting {
    const pairs = [...this.pairs.values()].sort(
      (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
    );
    return {
      pairs,
      scanned: this.scanned,
      fromMs: this.fromMs,
      toMs: this.toMs,
      unattributed: this.unattributed,
      uncounted: this.uncounted,
    };
  }
}

/** Counts overlay traffic over any sequence of flows (the store scan, or a test's array). */
export function countOverlay(nodes: ClusterNode[], flows: Iterable<FlowRecord>): OverlayAccounting {
  const c = new OverlayCounter(nodes);
  for (const f of flows) c.add(f);
  return c.result();
}
