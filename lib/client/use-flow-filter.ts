/**
 * The applied flow filter of the Flows page. A new filter is checked with the server first
 * (GET /api/v1/flows?q=&limit=1): a 400 keeps the current filter, stream and rows, and exposes the
 * server's message (which names the bad token). A valid filter is written to the URL (`?q=`) with
 * history.replaceState, which Next's router observes without a server round trip.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, fetchFlows } from './api-client';

export interface FlowFilter {
  /** The filter the stream currently uses ('' = everything). */
  applied: string;
  /** Why the last attempted filter was rejected, or null. */
  error: string | null;
  /** The filter text that was rejected (so the input can keep showing it). */
  rejected: string | null;
  checking: boolean;
  /** Validates and applies `q`; resolves true when it became the applied filter. */
  apply: (q: string) => Promise<boolean>;
  dismissError: () => void;
}

function writeUrl(q: string) {
  const url = new URL(window.location.href);
  if (q === '') url.searchParams.delete('q');
  else url.searchParams.set('q', q);
  window.history.replaceState(window.history.state, '', url);
}

/** Holds the applied filter, validating new ones with the server before switching. */
export function useFlowFilter(initialQuery: string): FlowFilter {
  const [applied, setApplied] = useState(initialQuery.trim());
  const [error, setError] = useState<string | null>(null);
  const [rejected, setRejected] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const inFlight = useRef<AbortController | null>(null);

  const apply = useCallback(async (raw: string) => {
    const q = raw.trim();
    inFlight.current?.abort();
    const accept = () => {
      setApplied(q);
      setError(null);
      setRejected(null);
      writeUrl(q);
      return true;
    };
    // The empty filter (everything) is always valid.
    if (q === '') return accept();
    const controller = new AbortController();
    inFlight.current = controller;
    setChecking(true);
    try {
      await fetchFlows(q, 1, controller.signal);
      return accept();
    } catch (err) {
      if (controller.signal.aborted) return false;
      const message = err instanceof Error ? err.message : String(err);
      setError(message);
      setRejected(q);
      return false;
    } finally {
      if (inFlight.current === controller) {
        inFlight.current = null;
        setChecking(false);
      }
    }
  }, []);

  // A filter that arrived in the URL was never checked: if the server rejects it, fall back to all
  // flows (with the error shown) instead of a stream that can never open.
  useEffect(() => {
    const q = initialQuery.trim();
    if (q === '') return;
    const controller = new AbortController();
    fetchFlows(q, 1, controller.signal).catch((err: unknown) => {
      if (controller.signal.aborted || !(err instanceof ApiError) || err.status !== 400) return;
      setApplied(current => (current === q ? '' : current));
      setError(err.message);
      setRejected(q);
      if (new URLSearchParams(window.location.search).get('q')?.trim() === q) writeUrl('');
    });
    return () => controller.abort();
  }, [initialQuery]);

  const dismissError = useCallback(() => {
    setError(null);
    setRejected(null);
  }, []);

  return { applied, error, rejected, checking, apply, dismissError };
}
