'use client';

import { useState } from 'react';
import type { ServiceGraph } from '@/lib/model/service-graph';
import type { GraphSelection } from './service-graph';

interface GraphListProps {
  graph: Pick<ServiceGraph, 'nodes' | 'edges'>;
  onSelect: (selection: GraphSelection) => void;
}

/** Items listed at most, so a huge graph cannot make the page heavy. */
const MAX_ITEMS = 500;

const nodeName = (n: ServiceGraph['nodes'][number]) =>
  n.kind === 'workload' ? `${n.namespace}/${n.label}` : n.label;

/**
 * The graph as lists of buttons, for keyboard and screen-reader users (a canvas has no DOM nodes to
 * reach) and for tests: selecting an item opens the same details panel as clicking the canvas.
 */
export function GraphList({ graph, onSelect }: GraphListProps) {
  // Closed, the list renders nothing: a thousand buttons cost a big graph's first render ~100 ms.
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={e => setOpen(e.currentTarget.open)}>
      <summary>
        List view ({graph.nodes.length} nodes, {graph.edges.length} edges)
      </summary>
      {open && <GraphListItems graph={graph} onSelect={onSelect} />}
    </details>
  );
}

function GraphListItems({ graph, onSelect }: GraphListProps) {
  const names = new Map(graph.nodes.map(n => [n.id, nodeName(n)]));
  return (
    <>
      <div style={{ display: 'flex', gap: 24, maxHeight: 240, overflow: 'auto', padding: 8 }}>
        <ul aria-label="Nodes">
          {graph.nodes.slice(0, MAX_ITEMS).map(n => (
            <li key={n.id}>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => onSelect({ group: 'nodes', id: n.id })}
              >
                {names.get(n.id)}
              </button>
            </li>
          ))}
        </ul>
        <ul aria-label="Edges">
          {graph.edges.slice(0, MAX_ITEMS).map(e => (
            <li key={e.id}>
              <button
                type="button"
                className="btn btn-ghost"
                onClick={() => onSelect({ group: 'edges', id: e.id })}
              >
                {names.get(e.source) ?? e.source} → {names.get(e.target) ?? e.target} {e.protocol}{' '}
                {e.port > 0 ? e.port : ''}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {(graph.nodes.length > MAX_ITEMS || graph.edges.length > MAX_ITEMS) && (
        <p className="muted" style={{ padding: '0 8px' }}>
          Only the first {MAX_ITEMS} nodes and {MAX_ITEMS} edges are listed; search and focus narrow
          the graph.
        </p>
      )}
    </>
  );
}
