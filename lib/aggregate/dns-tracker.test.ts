import { describe, expect, it } from 'vitest';
import { DnsTracker } from './dns-tracker';

const key = (port: number, q = 'api.example.com.') => DnsTracker.key('10.0.0.1', port, q, ['A']);

describe('DnsTracker', () => {
  it('matches a response with its query and expires unanswered queries after the timeout', () => {
    const t = new DnsTracker({ timeoutMs: 5_000 });
    const unanswered: [string, number][] = [];
    t.query(key(1), 1_000, 'api.example.com.');
    t.query(key(2), 2_000, 'db.example.com.');
    expect(t.answer(key(1))).toBe(true);
    expect(t.pending).toBe(1);
    t.expire(6_999, (n, at) => unanswered.push([n, at]));
    expect(unanswered).toEqual([]);
    t.expire(7_001, (n, at) => unanswered.push([n, at]));
    expect(unanswered).toEqual([['db.example.com.', 2_000]]);
    expect(t.pending).toBe(0);
    // A response for an expired or unknown query does not match.
    expect(t.answer(key(2))).toBe(false);
  });

  it('answers identical outstanding queries oldest first', () => {
    const t = new DnsTracker({ timeoutMs: 5_000 });
    const unanswered: number[] = [];
    t.query(key(7), 1_000, 'q');
    t.query(key(7), 3_000, 'q');
    expect(t.answer(key(7))).toBe(true); // answers the one sent at 1 s
    t.expire(7_000, (_n, at) => unanswered.push(at));
    expect(unanswered).toEqual([]);
    t.expire(8_001, (_n, at) => unanswered.push(at));
    expect(unanswered).toEqual([3_000]);
  });

  it('stays bounded and counts what it could not track', () => {
    const t = new DnsTracker({ timeoutMs: 5_000, maxPending: 10 });
    for (let i = 0; i < 25; i++) t.query(key(i), 1_000 + i, 'q');
    expect(t.pending).toBe(10);
    expect(t.untracked).toBe(15);
    let n = 0;
    t.expire(100_000, () => n++);
    expect(n).toBe(10);
    t.query(key(99), 100_000, 'q'); // room again after expiry
    expect(t.pending).toBe(1);
  });
});
