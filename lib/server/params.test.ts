import { describe, expect, it } from 'vitest';
import { errorResponse, HttpError, parseFlowsParams, parseStreamParams } from './params';

const url = (qs: string) => new URL(`http://localhost/api/v1/flows${qs}`);

function httpError(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected an HttpError');
}

describe('parseFlowsParams', () => {
  it('defaults: everything, json, 1000 (capped by the raw tier); jsonpb defaults to the whole raw tier', () => {
    expect(parseFlowsParams(url(''), 20_000)).toMatchObject({
      format: 'json',
      limit: 1000,
      query: { allow: [], deny: [] },
    });
    expect(parseFlowsParams(url(''), 500).limit).toBe(500);
    expect(parseFlowsParams(url('?format=jsonpb'), 20_000).limit).toBe(20_000);
  });

  it('parses q, limit and format', () => {
    const p = parseFlowsParams(url('?q=--namespace%20shop&limit=50&format=jsonpb'), 20_000);
    expect(p.limit).toBe(50);
    expect(p.format).toBe('jsonpb');
    expect(p.query.allow).toEqual([{ sourcePod: ['shop/'] }, { destinationPod: ['shop/'] }]);
  });

  it('400s name the bad token', () => {
    const e = httpError(() => parseFlowsParams(url('?q=--namspace%20shop'), 100));
    expect(e.status).toBe(400);
    expect(e.message).toBe('q: unknown flag "--namspace" (did you mean --namespace?)');
    expect(httpError(() => parseFlowsParams(url('?limit=0'), 100)).message).toBe(
      'limit: invalid value "0" (expected a whole number from 1 to 100)',
    );
    expect(httpError(() => parseFlowsParams(url('?limit=101'), 100)).message).toMatch(
      /^limit: invalid value "101"/,
    );
    expect(httpError(() => parseFlowsParams(url('?format=csv'), 100)).message).toBe(
      'format: invalid value "csv" (expected json or jsonpb)',
    );
    expect(httpError(() => parseFlowsParams(url('?namespace=shop'), 100)).message).toMatch(
      /^unknown parameter "namespace"/,
    );
    expect(httpError(() => parseFlowsParams(url('?q=a&q=b'), 100)).message).toBe(
      'q given 2 times; give it once',
    );
  });
});

describe('parseStreamParams', () => {
  it('reads Last-Event-ID from the header or the query', () => {
    const u = new URL('http://x/api/v1/flows/stream?q=--verdict%20DROPPED');
    expect(parseStreamParams(u, new Headers({ 'Last-Event-ID': 'lz3k9-42' })).resume).toEqual({
      epoch: 'lz3k9',
      seq: 42,
    });
    expect(parseStreamParams(new URL('http://x/?lastEventId=ab-7'), new Headers()).resume).toEqual({
      epoch: 'ab',
      seq: 7,
    });
    expect(parseStreamParams(u, new Headers()).resume).toBeNull();
    expect(
      httpError(() => parseStreamParams(u, new Headers({ 'Last-Event-ID': 'x' }))).message,
    ).toMatch(/^Last-Event-ID: invalid value "x"/);
  });
});

describe('errorResponse', () => {
  it('keeps HttpError status and message; anything else is a 500 with the message, never a stack', async () => {
    const r400 = errorResponse(new HttpError(400, 'q: bad'));
    expect(r400.status).toBe(400);
    expect(await r400.json()).toEqual({ error: 'q: bad' });
    const orig = console.error;
    console.error = () => undefined;
    try {
      const r500 = errorResponse(new Error('relay exploded'));
      expect(r500.status).toBe(500);
      const body = (await r500.json()) as { error: string };
      expect(body).toEqual({ error: 'relay exploded' });
    } finally {
      console.error = orig;
    }
  });
});
