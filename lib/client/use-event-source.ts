/**
 * The only place in the UI that touches `EventSource` (house style §5). It owns reconnection so the
 * status bar can say exactly what is happening ("reconnecting, attempt 3, next retry in 4 s") instead
 * of the browser's silent built-in retry, and so an HTTP error (which makes the browser give up for
 * good) is retried too.
 *
 * Rules of use:
 * - `events` should be a module-level constant; changing its contents reconnects.
 * - `onEvent` / `onOpen` may change every render; the latest ones are called, without reconnecting.
 * - `onOpen(true)` after a reconnect tells the caller that events may have been missed while down.
 * - With `resumeParam`, a reconnect passes the last received event id as that query parameter
 *   (a new EventSource cannot set the Last-Event-ID header), so the server can replay what was
 *   missed. After 3 failed attempts in a row the id is dropped, in case it is what the server
 *   refuses.
 */
import { useEffect, useEffectEvent, useState } from 'react';

export type StreamStatus =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'open'; openedMs: number }
  | { state: 'reconnecting'; attempt: number; nextRetryMs: number; error: string };

export interface EventSourceOptions {
  /** SSE event names to listen for (`event:` field). Data is parsed as JSON. */
  events: readonly string[];
  onEvent: (name: string, data: unknown) => void;
  onOpen?: (isReconnect: boolean) => void;
  /** Query parameter that carries the last event id on reconnect (e.g. `lastEventId`). */
  resumeParam?: string;
}

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * Delay before reconnect attempt `attempt` (1-based): 1 s doubling to a 30 s cap, with ±20 % jitter
 * so that many tabs do not reconnect in lockstep after a server restart.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Subscribes to an SSE endpoint while `url` is non-null; returns the connection status. */
export function useEventSource(url: string | null, options: EventSourceOptions): StreamStatus {
  const [tracked, setTracked] = useState<{ url: string | null; status: StreamStatus }>({
    url: null,
    status: { state: 'idle' },
  });
  const emit = useEffectEvent((name: string, data: unknown) => options.onEvent(name, data));
  const opened = useEffectEvent((isReconnect: boolean) => options.onOpen?.(isReconnect));
  const eventsKey = options.events.join('\n');
  const resumeParam = options.resumeParam ?? null;

  useEffect(() => {
    if (url === null) return;
    const names = eventsKey === '' ? [] : eventsKey.split('\n');
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let everOpened = false;
    let lastEventId = '';

    const connect = () => {
      if (failures >= 3) lastEventId = '';
      const resumeUrl =
        resumeParam && lastEventId !== ''
          ? `${url}${url.includes('?') ? '&' : '?'}${resumeParam}=${encodeURIComponent(lastEventId)}`
          : url;
      const es = new EventSource(resumeUrl);
      source = es;
      es.onopen = () => {
        const isReconnect = everOpened || failures > 0;
        everOpened = true;
        failures = 0;
        setTracked({ url, status: { state: 'open', openedMs: Date.now() } });
        opened(isReconnect);
      };
      for (const name of names) {
        es.addEventListener(name, event => {
          // A connection failure also dispatches `error`, as a plain Event without data.
          if (!(event instanceof MessageEvent) || typeof event.data !== 'string') return;
          if (event.lastEventId !== '') lastEventId = event.lastEventId;
          let data: unknown;
          try {
            data = JSON.parse(event.data);
          } catch {
            return; // A malformed frame is dropped; the next batch still renders.
          }
          emit(name, data);
        });
      }
      es.onerror = event => {
        if (event instanceof MessageEvent) return; // server-sent `event: error`, handled above
        es.close();
        source = null;
        failures++;
        const delay = reconnectDelayMs(failures);
        const error = everOpened
          ? 'the live stream from the Flowscope server was interrupted'
          : 'the Flowscope server did not accept the live stream';
        setTracked({
          url,
          status: {
            state: 'reconnecting',
            attempt: failures,
            nextRetryMs: Date.now() + delay,
            error,
          },
        });
        timer = setTimeout(connect, delay);
      };
    };

    connect();
    return () => {
      clearTimeout(timer);
      source?.close();
    };
  }, [url, eventsKey, resumeParam]);

  if (url === null) return { state: 'idle' };
  return tracked.url === url ? tracked.status : { state: 'connecting' };
}
