import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '@/lib/model/flow-record';
import {
  isReplyDirection,
  isTerminalDestination,
  observationPoint,
  observationRole,
} from './observation';
import {
  dnsResponse,
  dropBetween,
  flowBetween,
  httpRequest,
  httpResponse,
  pod,
  replyOf,
  reserved,
} from './testing/flow-builders';
import { sampleRecords } from './testing/samples';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const db = pod('shop', 'db-0');
const world = reserved('world', 2);
const role = (f: FlowRecord) => observationRole(f, isReplyDirection(f));

describe('isReplyDirection', () => {
  it('trusts is_reply and the L7 type', () => {
    const f = flowBetween(web, db);
    expect(isReplyDirection(f)).toBe(false);
    expect(isReplyDirection(replyOf(f))).toBe(true);
    expect(isReplyDirection(httpRequest(web, db, 'GET', '/'))).toBe(false);
    expect(isReplyDirection(httpResponse(web, db, 'GET', '/', 200, 0, { isReply: null }))).toBe(
      true,
    );
  });

  it('falls back to TCP flags, ICMP echo replies, then ports when is_reply is unknown', () => {
    const unknown = { isReply: null };
    expect(isReplyDirection(flowBetween(web, db, { ...unknown, tcpFlags: 'SYN' }))).toBe(false);
    expect(isReplyDirection(flowBetween(web, db, { ...unknown, tcpFlags: 'SYN,ACK' }))).toBe(true);
    const icmp = (l4: 'ICMPv4' | 'ICMPv6', type: number) =>
      flowBetween(web, db, { ...unknown, l4, tcpFlags: '', icmp: { type, code: 0 } });
    expect(isReplyDirection(icmp('ICMPv4', 0))).toBe(true);
    expect(isReplyDirection(icmp('ICMPv4', 8))).toBe(false);
    expect(isReplyDirection(icmp('ICMPv6', 129))).toBe(true);
    const ports = (srcPort: number, dstPort: number) =>
      flowBetween(web, db, { ...unknown, srcPort, dstPort });
    expect(isReplyDirection(ports(8080, 45_000))).toBe(true);
    expect(isReplyDirection(ports(45_000, 8080))).toBe(false);
    expect(isReplyDirection(ports(40_000, 45_000))).toBe(false);
  });
});

describe('observationRole', () => {
  it('counts a request at TO_ENDPOINT and not at entry, overlay or proxy points', () => {
    const at = (traceObservationPoint: string) =>
      role(flowBetween(web, db, { traceObservationPoint }));
    expect(at('TO_ENDPOINT')).toBe('flow');
    for (const p of ['FROM_ENDPOINT', 'TO_OVERLAY', 'FROM_OVERLAY', 'TO_PROXY', 'FROM_PROXY']) {
      expect(at(p), p).toBe('duplicate');
    }
    expect(at('')).toBe('flow'); // nothing to go by: count
  });

  it('counts exits to the stack only when no other node reports the delivery', () => {
    const exit = (dst = world) =>
      role(flowBetween(web, dst, { traceObservationPoint: 'TO_STACK' }));
    expect(exit()).toBe('flow');
    expect(exit(reserved('host', 1))).toBe('flow');
    expect(exit(reserved('world-ipv4', 16_777_300, { labels: ['cidr:1.1.1.1/32'] }))).toBe('flow');
    expect(exit(db)).toBe('duplicate');
    expect(exit(reserved('remote-node', 6))).toBe('duplicate');
    expect(isTerminalDestination(reserved('health', 4))).toBe(false);
  });

  it('derives the point from the trace sub type for agents that do not send it', () => {
    const f = flowBetween(web, db, { traceObservationPoint: '', eventType: 4, eventSubType: 4 });
    expect(observationPoint(f)).toBe('TO_OVERLAY');
    expect(role(f)).toBe('duplicate');
    expect(observationPoint({ ...f, eventSubType: 0 })).toBe('TO_ENDPOINT');
  });

  it('never counts replies, policy verdicts or socket events; always counts drop events', () => {
    expect(role(replyOf(flowBetween(web, db)))).toBe('reply');
    expect(role(flowBetween(web, db, { eventType: 5, traceObservationPoint: '' }))).toBe(
      'policy-verdict',
    );
    const denied = dropBetween(web, db, 'POLICY_DENIED', 133);
    expect(role(denied)).toBe('drop');
    expect(role({ ...denied, eventType: 5 })).toBe('policy-verdict');
    expect(role(replyOf(denied))).toBe('drop');
    expect(role(flowBetween(web, db, { type: 'SOCK', eventType: 7 }))).toBe('other');
    expect(role(dnsResponse(web, db, 'x.', 3))).toBe('l7');
    expect(role(httpRequest(web, db, 'GET', '/', { verdict: 'DROPPED' }))).toBe('drop');
  });

  it('gives every sample record exactly one role, at most one count per packet', () => {
    for (const name of ['400-tcp', '400-udp', '2-drops']) {
      const roles = new Map<string, number>();
      for (const f of sampleRecords(name)) {
        const r = role(f);
        roles.set(r, (roles.get(r) ?? 0) + 1);
      }
      expect([...roles.keys()].every(r => typeof r === 'string')).toBe(true);
      if (name === '400-udp') {
        // Each DNS exchange: L7 request + response, TO_PROXY, TO_OVERLAY, reply at TO_ENDPOINT.
        expect(roles.get('l7')).toBe(148);
        expect(roles.get('reply')).toBe(74);
        expect(roles.get('duplicate')).toBe(148);
        expect(roles.get('policy-verdict')).toBe(30);
        expect(roles.get('flow')).toBeUndefined();
      }
      if (name === '2-drops') expect(roles.get('drop')).toBe(2);
    }
  });
});
