'use client';

import Link from 'next/link';
import { namespaceKey } from '@/lib/aggregate/collapse';
import type { GraphEdge, GraphNode, ServiceGraph } from '@/lib/model/service-graph';
import { edgeFlowsQuery, flowsHref, nodeFlowsQuery } from './flows-link';
import { formatCount, formatMs, formatPct, formatRate, formatSeen } from './graph-format';
import type { GraphSelection } from './service-graph';
import styles from './service-graph.module.css';

interface GraphDetailsProps {
  graph: Pick<ServiceGraph, 'nodes' | 'edges' | 'window'>;
  selection: NonNullable<GraphSelection>;
  onClose: () => void;
  onFocus: (nodeId: string) => void;
  /** Expand a collapsed namespace (its namespaceKey: `cluster/namespace` in ClusterMesh). */
  onExpand: (namespace: string) => void;
}

type Row = [string, string];

function Stats({ rows }: { rows: Row[] }) {
  return (
    <dl className={styles.stats}>
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function edgeRows(e: GraphEdge): Row[] {
  const rows: Row[] = [
    ['Protocol / port', `${e.protocol || '–'} ${e.port > 0 ? e.port : ''}`.trim()],
    ['Flow rate', formatRate(e.flowRate)],
    ['Flows', formatCount(e.flows)],
    ['Forwarded', formatCount(e.forwarded)],
    ['Dropped', `${formatCount(e.dropped)} (${formatPct(e.dropPct)})`],
  ];
  if (e.errors > 0) rows.push(['Errors', formatCount(e.errors)]);
  for (const r of e.topDropReasons) rows.push([`  drop: ${r.reason}`, formatCount(r.count)]);
  if (e.l7.length > 0) {
    rows.push(['L7', e.l7.join(', ')], ['L7 request rate', formatRate(e.l7RequestRate)]);
  }
  if (e.httpResponses > 0) {
    rows.push(
      ['HTTP responses', formatCount(e.httpResponses)],
      ['HTTP 5xx', `${formatCount(e.httpByClass['5xx'])} (${formatPct(e.http5xxPct)})`],
      ['HTTP 4xx', formatCount(e.httpByClass['4xx'])],
    );
  }
  if (e.dnsResponses > 0) {
    rows.push([
      'DNS failures',
      `${formatCount(e.dnsFailures)} of ${formatCount(e.dnsResponses)} (${formatPct(e.dnsFailurePct)})`,
    ]);
  }
  if (e.latencyMs.samples > 0) {
    rows.push(
      ['Latency p50', formatMs(e.latencyMs.p50)],
      ['Latency p95', formatMs(e.latencyMs.p95)],
      ['Latency samples', formatCount(e.latencyMs.samples)],
    );
  }
  rows.push(['Last seen', formatSeen(e.lastSeenMs)]);
  return rows;
}

function nodeRows(n: GraphNode): Row[] {
  const rows: Row[] = [
    ['Kind', n.workloadKind ? `${n.kind} (${n.workloadKind})` : n.kind],
    ['Namespace', n.namespace || '–'],
  ];
  if (n.cluster) rows.push(['Cluster', n.cluster]);
  if (n.kind === 'namespace') rows.push(['Collapsed nodes', formatCount(n.members ?? 0)]);
  rows.push(
    ['Flows in', formatCount(n.flowsIn)],
    ['Flows out', formatCount(n.flowsOut)],
    ['Dropped', formatCount(n.dropped)],
    ['Last seen', formatSeen(n.lastSeenMs)],
  );
  return rows;
}

/** Side panel for the clicked node or edge: its stats over the window and a link to its flows. */
export function GraphDetails({ graph, selection, onClose, onFocus, onExpand }: GraphDetailsProps) {
  const byId = (id: string) => graph.nodes.find(n => n.id === id);
  let title: string;
  let rows: Row[];
  let q: string;
  let node: GraphNode | undefined;
  if (selection.group === 'edges') {
    const e = graph.edges.find(x => x.id === selection.id);
    const s = e && byId(e.source);
    const t = e && byId(e.target);
    if (!e || !s || !t) return null;
    title = `${s.namespace ? `${s.namespace}/` : ''}${s.label} → ${t.namespace ? `${t.namespace}/` : ''}${t.label}`;
    rows = edgeRows(e);
    q = edgeFlowsQuery(e, s, t);
  } else {
    node = byId(selection.id);
    if (!node) return null;
    title = node.kind === 'workload' ? `${node.namespace}/${node.label}` : node.label;
    rows = nodeRows(node);
    q = nodeFlowsQuery(node);
  }
  return (
    <aside className={styles.side} aria-label="Selection details" data-testid="graph-details">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <h2>{title}</h2>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={onClose}
          aria-label="Close details"
        >
          ✕
        </button>
      </div>
      <p className="muted">
        {selection.group === 'edges' ? 'Edge' : 'Node'} · window {graph.window}
      </p>
      <Stats rows={rows} />
      <p>
        <Link href={flowsHref(q)}>Show these flows</Link>
        {q !== '' && (
          <>
            {' '}
            <code>{q}</code>
          </>
        )}
      </p>
      {node?.kind === 'namespace' && (
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => onExpand(namespaceKey(node))}
        >
          Expand {namespaceKey(node)}
        </button>
      )}
      {node && node.kind !== 'namespace' && (
        <button type="button" className="btn" onClick={() => onFocus(node.id)}>
          Focus on neighbourhood
        </button>
      )}
    </aside>
  );
}
