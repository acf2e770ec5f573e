'use client';

import type { ReactNode } from 'react';
import type { ApiError } from '@/lib/client/api-client';
import styles from './service-graph.module.css';

interface GraphStateProps {
  loading: boolean;
  error: ApiError | null;
  /** The graph arrived but has no nodes. */
  empty: boolean;
  /** A view filter is on (mode, focus, hidden reserved identities). */
  filtered: boolean;
  hiddenEdges: number;
  onRetry: () => void;
  onShowAll: () => void;
  /** The page's `?q=` flow filter ('' = none): a rejected one is left by reloading without it. */
  filter: string;
  /** Why no flows arrive (the flow source's last error while not connected), or null. */
  sourceProblem: string | null;
}

/** Overlay over the canvas when there is nothing to draw: says why and what to do next. */
export function GraphState(p: GraphStateProps) {
  let body: ReactNode = null;
  if (p.error) {
    body =
      p.error.status === 400 ? (
        <>
          <p>
            <strong>The server rejected this view:</strong> {p.error.message}
          </p>
          {p.filter !== '' ? (
            <p>
              <a className="btn" href={`/flows?q=${encodeURIComponent(p.filter)}`}>
                Edit the filter on the Flows page
              </a>{' '}
              <a className="btn" href="/graph">
                Show the graph without it
              </a>
            </p>
          ) : (
            <button type="button" className="btn" onClick={p.onShowAll}>
              Reset the view
            </button>
          )}
        </>
      ) : (
        <>
          <p>
            <strong>Could not load the graph.</strong> {p.error.message}
          </p>
          <p className="muted">Check that the Flowscope server is running, then retry.</p>
          <button type="button" className="btn" onClick={p.onRetry}>
            Retry
          </button>
        </>
      );
  } else if (p.loading) {
    body = <p>Loading the service graph…</p>;
  } else if (p.empty && p.filtered) {
    body = (
      <>
        <p>
          <strong>Nothing matches this view.</strong>
          {p.hiddenEdges > 0 ? ` ${p.hiddenEdges} edges in the window are filtered out.` : ''}
        </p>
        <button type="button" className="btn" onClick={p.onShowAll}>
          Show all namespaces
        </button>
      </>
    );
  } else if (p.empty && p.sourceProblem !== null) {
    body = (
      <>
        <p>
          <strong>No flows are arriving.</strong> {p.sourceProblem}
        </p>
        <p className="muted">
          The Home page shows the connection and what to check; the graph fills as soon as flows
          arrive.
        </p>
      </>
    );
  } else if (p.empty) {
    body = (
      <>
        <p>
          <strong>No traffic in this window yet.</strong>
        </p>
        <p className="muted">
          Pick a longer window (or “all”), or check on the Flows page that flows are arriving.
        </p>
      </>
    );
  }
  if (body === null) return null;
  return (
    <div className={styles.overlay} data-testid="graph-state">
      <div role="status">{body}</div>
    </div>
  );
}
