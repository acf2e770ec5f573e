'use client';

/**
 * The graph page: toolbar, canvas, details panel and status line. Server-side view options (window,
 * mode, reserved identities, expanded namespaces) go into the API request; search and focus are
 * applied in the browser to the received graph.
 */
import type { Core } from 'cytoscape';
import { useCallback, useMemo, useState } from 'react';
import { useHubbleInfo } from '@/lib/client/use-hubble-info';
import { useServiceGraph } from '@/lib/client/use-service-graph';
import type { ConnectionStatus } from '@/lib/model/hubble-health';
import type { TimeWindow } from '@/lib/model/time-window';
import { exportJson, exportPng } from './export';
import { neighbourhood, searchMatches, subgraph } from './focus';
import { GraphDetails } from './graph-details';
import { GraphList } from './graph-list';
import { GraphState } from './graph-states';
import { GraphToolbar, type ToolbarState } from './graph-toolbar';
import { hideHubEdges } from './hubs';
import { ServiceGraph, type GraphSelection } from './service-graph';
import styles from './service-graph.module.css';
import { toElements } from './to-elements';

interface ServiceGraphPanelProps {
  /** Flow filter from `?q=` (hubble observe syntax). */
  q: string;
  initialWindow: TimeWindow;
  /** From `?namespace=`: start in "one namespace" mode. */
  initialNamespace: string;
}

/** The flow source's failure while it is not connected, for the empty state; null otherwise. */
function sourceProblem(c: ConnectionStatus | undefined): string | null {
  if (!c || c.state === 'connected' || c.state === 'connecting') return null;
  return c.lastError ?? `not connected to ${c.relayAddr}`;
}

/** Client root of /graph. */
export function ServiceGraphPanel({ q, initialWindow, initialNamespace }: ServiceGraphPanelProps) {
  const [tb, setTb] = useState<ToolbarState>({
    window: initialWindow,
    mode: initialNamespace ? 'namespace' : 'all',
    namespace: initialNamespace,
    hideReserved: false,
    hubEdges: false,
    collapse: false,
    search: '',
    hops: 1,
    focus: null,
  });
  const [expand, setExpand] = useState<string[]>([]);
  const [selection, setSelection] = useState<GraphSelection>(null);
  const [cy, setCy] = useState<Core | null>(null);
  const change = useCallback(
    (patch: Partial<ToolbarState>) => setTb(s => ({ ...s, ...patch })),
    [],
  );

  const view = {
    window: tb.window,
    q,
    namespaces: tb.mode === 'namespace' && tb.namespace ? [tb.namespace] : [],
    errorsOnly: tb.mode === 'errors',
    hideReserved: tb.hideReserved,
    expand,
    collapse: tb.collapse,
  };
  const { graph, error, isLoading, stream, refetch } = useServiceGraph(view);
  const info = useHubbleInfo();

  const namespaces = useMemo(() => {
    const set = new Set<string>();
    for (const n of info.data?.namespaces ?? []) set.add(n.namespace);
    for (const n of graph?.nodes ?? []) if (n.namespace) set.add(n.namespace);
    return [...set].sort();
  }, [info.data, graph?.nodes]);

  const shown = useMemo(() => {
    if (!graph) return { nodes: [], edges: [] };
    return tb.focus !== null ? subgraph(graph, neighbourhood(graph, tb.focus, tb.hops)) : graph;
  }, [graph, tb.focus, tb.hops]);
  const selectedNode = selection?.group === 'nodes' ? selection.id : null;
  // A focused neighbourhood is small: every edge of it is drawn.
  const drawn = useMemo(
    () =>
      tb.hubEdges || tb.focus !== null
        ? { graph: shown, hubs: [], hiddenEdges: 0 }
        : hideHubEdges(shown, selectedNode),
    [shown, tb.hubEdges, tb.focus, selectedNode],
  );
  const elements = useMemo(
    () => toElements(drawn.graph, searchMatches(shown, tb.search)),
    [drawn.graph, shown, tb.search],
  );
  const hubLabels = useMemo(() => {
    const labels = new Map(shown.nodes.map(n => [n.id, n.label]));
    return drawn.hubs.map(id => labels.get(id) ?? id);
  }, [shown.nodes, drawn.hubs]);

  const focusSearch = () => {
    const first = graph ? [...searchMatches(graph, tb.search)].sort()[0] : undefined;
    if (first !== undefined) change({ focus: first });
  };
  const showAll = () => {
    change({
      mode: 'all',
      namespace: '',
      focus: null,
      hideReserved: false,
      hubEdges: false,
      collapse: false,
    });
    setExpand([]);
  };
  const lod = graph?.lod;

  return (
    <div className={styles.root}>
      <GraphToolbar
        state={tb}
        namespaces={namespaces}
        onChange={change}
        onFocusSearch={focusSearch}
        canExport={cy !== null && graph !== undefined}
        onExportPng={() => cy && exportPng(cy, getComputedStyle(cy.container()!).backgroundColor)}
        onExportJson={() => graph && exportJson(graph)}
      />
      {q !== '' && graph && (
        <div className="banner">
          Graph of flows matching <code>{q}</code> held on the server ({graph.coverage.flows}{' '}
          flows). <a href="/graph">Show all flows</a>
        </div>
      )}
      {lod?.collapsed && (
        <div className={`banner${lod.forced ? '' : ' tone-warn'}`} data-testid="graph-lod">
          {lod.forced
            ? `Namespaces only: ${lod.totalNodes} nodes shown as one node per namespace.`
            : `${lod.totalNodes} nodes is more than ${lod.threshold}: namespaces are collapsed.`}{' '}
          Select a namespace to expand it.
          {expand.map(ns => (
            <button
              key={ns}
              type="button"
              className="chip"
              aria-pressed="true"
              onClick={() => setExpand(list => list.filter(x => x !== ns))}
            >
              {ns} ✕
            </button>
          ))}
        </div>
      )}
      {drawn.hiddenEdges > 0 && (
        <div className="banner" data-testid="graph-hubs">
          {drawn.hiddenEdges.toLocaleString('en-US')} healthy edges of {hubLabels.length} hub
          {hubLabels.length > 1 ? 's' : ''} ({hubLabels.slice(0, 4).join(', ')}
          {hubLabels.length > 4 ? ', …' : ''}) are not drawn: they reach most of the graph. Failing
          ones are. Select a hub to see all of its edges.{' '}
          <button type="button" className="chip" onClick={() => change({ hubEdges: true })}>
            Draw every edge
          </button>
        </div>
      )}
      <div className={styles.body}>
        <ServiceGraph
          cy={cy}
          onReady={setCy}
          elements={elements}
          selection={selection}
          onSelect={setSelection}
          fitKey={`${tb.focus ?? ''}|${tb.hops}`}
          className={styles.canvas}
        />
        <GraphState
          loading={isLoading}
          error={error}
          empty={graph !== undefined && shown.nodes.length === 0}
          filtered={tb.mode !== 'all' || tb.focus !== null || tb.hideReserved}
          hiddenEdges={graph?.hidden.edges ?? 0}
          onRetry={refetch}
          onShowAll={showAll}
          filter={q}
          sourceProblem={sourceProblem(info.data?.connection)}
        />
        {selection && graph && (
          <GraphDetails
            graph={graph}
            selection={selection}
            onClose={() => setSelection(null)}
            onFocus={id => change({ focus: id })}
            onExpand={ns => {
              setExpand(list => (list.includes(ns) ? list : [...list, ns]));
              setSelection(null);
            }}
          />
        )}
      </div>
      {shown.nodes.length > 0 && <GraphList graph={shown} onSelect={setSelection} />}
      <div className={styles.status} aria-live="polite">
        <span>
          {graph ? `${graph.nodes.length} nodes · ${graph.edges.length} edges` : '–'}
          {drawn.hiddenEdges > 0 ? ` (${drawn.graph.edges.length} drawn)` : ''}
          {elements.semantic
            ? ' · zoomed out, lines join namespaces: zoom in for workload edges'
            : ''}
          {graph && graph.hidden.edges > 0 ? ` · ${graph.hidden.edges} edges filtered out` : ''}
        </span>
        <span>
          {graph
            ? `${graph.coverage.flows.toLocaleString('en-US')} flows (${graph.coverage.basis})`
            : ''}
        </span>
        <span>
          {stream.state === 'open'
            ? 'live'
            : stream.state === 'reconnecting'
              ? `${stream.error}; retry ${stream.attempt}`
              : stream.state}
        </span>
      </div>
    </div>
  );
}
