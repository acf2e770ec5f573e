/**
 * Server-Sent Events as a web `Response`, independent of what is streamed. The producer gets a sink
 * to send named events with JSON data; the stream adds heartbeats, exposes backpressure, and ties the
 * lifetime together: a client disconnect (request signal aborted, or the body stream cancelled) runs
 * the producer's cleanup exactly once, which unsubscribes it from the hub.
 */
import type { SseEventName } from '@/lib/model/sse-events';

export interface SseSink {
  /** Sends one event; `data` is serialised as JSON on a single `data:` line. No-op once closed. */
  send(event: SseEventName, data: unknown, id?: string | number): void;
  /**
   * True while the client is not keeping up (the stream's queue is at its high-water mark). The
   * producer should hold data back (and count what it drops) rather than queue more.
   */
  readonly backpressured: boolean;
  /** True once the stream is closed (client gone or `close()` called). */
  readonly closed: boolean;
  /** Ends the stream normally. */
  close(): void;
}

/** Starts producing; returns a cleanup function called once when the stream ends. */
export type SseProducer = (sink: SseSink) => (() => void) | void;

export interface EventStreamOptions {
  /** Comment heartbeat interval, ms (keeps proxies from closing idle streams). Default 15000. */
  heartbeatMs?: number;
  /** Encoded events buffered before `backpressured` turns true. Default 4. */
  highWaterMark?: number;
  /** Client reconnect delay advertised with `retry:`, ms. Default 2000. */
  retryMs?: number;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store, no-transform',
  Connection: 'keep-alive',
  // nginx (and ingress-nginx) would otherwise buffer the stream and deliver it in lumps.
  'X-Accel-Buffering': 'no',
};

const encoder = new TextEncoder();

/** Frames one SSE message. JSON.stringify never emits raw newlines, so `data` stays one line. */
export function formatEvent(event: string, data: unknown, id?: string | number): string {
  const idLine = id === undefined ? '' : `id: ${String(id).replace(/[\r\n]/g, '')}\n`;
  return `${idLine}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Builds the streaming Response. `signal` is the request's; aborting it ends the stream. */
export function eventStream(
  signal: AbortSignal,
  producer: SseProducer,
  opts: EventStreamOptions = {},
): Response {
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let cleanup: (() => void) | void;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const finish = (closeStream: boolean) => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    signal.removeEventListener('abort', onAbort);
    try {
      if (cleanup) cleanup();
    } finally {
      if (closeStream) {
        try {
          controller.close();
        } catch {
          // Already closed or errored by the consumer.
        }
      }
    }
  };
  const onAbort = () => finish(true);

  const enqueue = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      finish(false);
    }
  };

  const sink: SseSink = {
    send: (event, data, id) => enqueue(formatEvent(event, data, id)),
    get backpressured() {
      return (controller.desiredSize ?? 0) <= 0;
    },
    get closed() {
      return closed;
    },
    close: () => finish(true),
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (signal.aborted) {
          closed = true;
          c.close();
          return;
        }
        signal.addEventListener('abort', onAbort);
        enqueue(`retry: ${opts.retryMs ?? 2000}\n\n`);
        heartbeat = setInterval(() => {
          if (!sink.backpressured) enqueue(': ping\n\n');
        }, heartbeatMs);
        heartbeat.unref?.();
        cleanup = producer(sink);
        if (closed && cleanup) cleanup();
      },
      cancel() {
        finish(false);
      },
    },
    new CountQueuingStrategy({ highWaterMark: opts.highWaterMark ?? 4 }),
  );
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
