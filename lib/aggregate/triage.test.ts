import { describe, expect, it } from 'vitest';
import type { HubbleInfo, NodeHealth } from '@/lib/model/hubble-health';
import type { FlowRecord } from '@/lib/model/flow-record';
import { explainDrop } from './drop-explanations';
import { createMetricsAggregator } from './metrics';
import { dnsResponse, dropBetween, pod, T0 } from './testing/flow-builders';
import { rankProblems, type TriageInput } from './triage';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const db = pod('shop', 'db-0');
const dns = pod('kube-system', 'coredns-5d78c9869d-abcde');

const info = (nodes: Partial<NodeHealth>[] = [], lastMinute = 0): TriageInput['info'] => ({
  nodes: nodes.map(
    n => ({ name: 'n', state: 'NODE_CONNECTED', changedMs: T0, ...n }) as NodeHealth,
  ),
  lostEvents: { total: lastMinute, lastMinute, bySource: {}, byNode: {}, lastMs: null },
  connection: { state: 'connected', relayAddr: 'x', stateSinceMs: T0 } as HubbleInfo['connection'],
  serverStatus: null,
});

/** Builds the triage input from records spread evenly over the minute before T0 + 10 min. */
function input(records: FlowRecord[], extra: Partial<TriageInput> = {}): TriageInput {
  const m = createMetricsAggregator();
  m.add(records);
  const now = T0 + 600_000;
  const prev = now - 300_000;
  return {
    drops: m.drops('5m', now),
    dns: m.dns('5m', now),
    http: m.http('5m', now),
    previous: { drops: m.drops('5m', prev), dns: m.dns('5m', prev), http: m.http('5m', prev) },
    window: '5m',
    nowMs: now,
    flowsInWindow: 1000,
    flowsPerSec: 1000 / 300,
    info: info(),
    ...extra,
  };
}

const at = (i: number, n: number) => T0 + 540_000 + Math.floor((i * 60_000) / n);

describe('rankProblems', () => {
  it('puts actionable drops above benign noise however loud the noise is, and says it is noise', () => {
    // Some noise in the previous window too, so there is something to compare with.
    const recs = [dropBetween(web, db, 'UNSUPPORTED_L2_PROTOCOL', 166, { timeMs: T0 + 200_000 })];
    for (let i = 0; i < 500; i++)
      recs.push(dropBetween(web, db, 'UNSUPPORTED_L2_PROTOCOL', 166, { timeMs: at(i, 500) }));
    for (let i = 0; i < 30; i++)
      recs.push(dropBetween(web, db, 'POLICY_DENIED', 133, { timeMs: at(i, 30) }));
    const ranked = rankProblems(input(recs));
    expect(ranked.map(p => p.id)).toEqual(['drops:POLICY_DENIED', 'drops:UNSUPPORTED_L2_PROTOCOL']);
    const noise = ranked[1]!;
    expect(noise.benign).toBe(true);
    expect(noise.severity).toBe('info');
    expect(noise.title).toMatch(/usually harmless/);
    const policy = ranked[0]!;
    expect(policy.impact.count).toBe(30);
    expect(policy.impact.pctOfTraffic).toBe(3);
    expect(policy.newInWindow).toBe(true);
    expect(policy.changeVsPrevious).toBeNull();
    expect(policy.sinceMs).toBe(T0 + 540_000);
    expect(policy.links.flows).toBe(
      '/flows?q=' + encodeURIComponent('--verdict DROPPED --drop-reason POLICY_DENIED'),
    );
  });

  it('reports the change versus the previous equal window', () => {
    const recs: FlowRecord[] = [];
    for (let i = 0; i < 10; i++)
      recs.push(dnsResponse(web, dns, 'db.shop.', 2, { timeMs: T0 + 250_000 + i * 1000 }));
    for (let i = 0; i < 40; i++)
      recs.push(dnsResponse(web, dns, 'db.shop.', 2, { timeMs: at(i, 40) }));
    for (let i = 0; i < 10; i++)
      recs.push(dnsResponse(web, dns, 'ok.shop.', 0, { timeMs: at(i, 10) }));
    const [p] = rankProblems(input(recs));
    expect(p!.id).toBe('dns:SERVFAIL');
    expect(p!.severity).toBe('critical');
    expect(p!.changeVsPrevious).toBe(4);
    expect(p!.impact.pctOfTraffic).toBe(80);
    expect(p!.check).toContain('db.shop.');
  });

  it('ranks unavailable Hubble nodes above everything', () => {
    const recs = Array.from({ length: 50 }, (_, i) =>
      dnsResponse(web, dns, 'x.', 2, { timeMs: at(i, 50) }),
    );
    const ranked = rankProblems(
      input(recs, { info: info([{ name: 'a' }, { name: 'b', state: 'NODE_UNAVAILABLE' }]) }),
    );
    expect(ranked[0]!.kind).toBe('hubble-node');
    expect(ranked[0]!.title).toContain('1 of 2');
    expect(ranked[1]!.id).toBe('dns:SERVFAIL');
  });

  it('does not call everything new when the previous window had no data at all', () => {
    const recs = [dropBetween(web, db, 'POLICY_DENIED', 133, { timeMs: at(0, 1) })];
    const [p] = rankProblems(input(recs));
    expect(p!.newInWindow).toBe(false);
    expect(p!.changeVsPrevious).toBeNull();
  });

  it('returns nothing when nothing is wrong', () => {
    expect(rankProblems(input([]))).toEqual([]);
  });
});

describe('explainDrop', () => {
  it('has our texts for common reasons and falls back by group for the rest', () => {
    expect(explainDrop('POLICY_DENIED')).toMatchObject({
      code: 133,
      cls: 'actionable',
      group: 'policy',
    });
    expect(explainDrop('IGMP_HANDLED').cls).toBe('benign');
    const unknown = explainDrop('CODE_250');
    expect(unknown).toMatchObject({ code: 250, cls: 'actionable', group: 'datapath' });
    expect(unknown.meaning.length).toBeGreaterThan(10);
  });
});
