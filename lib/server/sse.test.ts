import { describe, expect, it } from 'vitest';
import { eventStream, formatEvent, type SseSink } from './sse';

/** Reads text chunks from a streaming Response until `until` holds or the stream ends. */
async function readUntil(
  res: Response,
  until: (text: string) => boolean,
  timeoutMs = 2_000,
): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(text) && Date.now() < deadline) {
    const r = await Promise.race([
      reader.read(),
      new Promise<{ done: true; value: undefined }>(resolve =>
        setTimeout(
          () => resolve({ done: true, value: undefined }),
          Math.max(1, deadline - Date.now()),
        ),
      ),
    ]);
    if (r.done) break;
    text += decoder.decode(r.value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe('formatEvent', () => {
  it('keeps JSON data on one line, even with newlines inside strings', () => {
    const text = formatEvent('flows', { url: 'a\nb', n: 1 }, 'e1-5');
    expect(text).toBe('id: e1-5\nevent: flows\ndata: {"url":"a\\nb","n":1}\n\n');
    expect(text.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('eventStream', () => {
  it('sets SSE headers and streams events', async () => {
    const ctl = new AbortController();
    const res = eventStream(ctl.signal, sink => {
      sink.send('health', { ok: true });
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const text = await readUntil(res, t => t.includes('data: {"ok":true}'));
    expect(text).toBe('retry: 2000\n\nevent: health\ndata: {"ok":true}\n\n');
    ctl.abort();
  });

  it('sends heartbeat comments', async () => {
    const ctl = new AbortController();
    const res = eventStream(ctl.signal, () => undefined, { heartbeatMs: 20 });
    const text = await readUntil(res, t => t.split(': ping').length > 2);
    expect(text.split(': ping\n\n').length).toBeGreaterThan(2);
    ctl.abort();
  });

  it('runs the cleanup once when the client disconnects (request aborted)', async () => {
    const ctl = new AbortController();
    let cleanups = 0;
    let sink: SseSink | null = null;
    const res = eventStream(ctl.signal, s => {
      sink = s;
      return () => cleanups++;
    });
    await readUntil(res, t => t.includes('retry'));
    ctl.abort();
    expect(cleanups).toBe(1);
    expect(sink!.closed).toBe(true);
    sink!.send('flows', {}); // a late send after disconnect is a no-op, not a throw
    ctl.abort();
    expect(cleanups).toBe(1);
  });

  it('runs the cleanup when the body is cancelled', async () => {
    let cleanups = 0;
    const res = eventStream(new AbortController().signal, () => () => cleanups++);
    await res.body!.cancel();
    expect(cleanups).toBe(1);
  });

  it('reports backpressure once the consumer stops reading', () => {
    let sink!: SseSink;
    eventStream(new AbortController().signal, s => void (sink = s), { highWaterMark: 2 });
    expect(sink.backpressured).toBe(false);
    sink.send('flows', { n: 1 });
    sink.send('flows', { n: 2 });
    expect(sink.backpressured).toBe(true);
  });
});
