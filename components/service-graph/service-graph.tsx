'use client';

/**
 * Keeps the cytoscape instance in step with the graph (house style §6, Kiali's processGraphUpdate):
 * diffs element ids and applies add / remove / data inside one `cy.batch()`, runs a layout only when
 * nodes were added, and never moves the viewport on a data update. The viewport is fitted on the
 * first layout and when `fitKey` changes (a user action such as focusing a node).
 */
import type { Core, ElementDefinition, EventObject, SingularElementArgument } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { CytoscapeHost } from './cytoscape-host';
import { runLayout } from './layout';
import type { Elements } from './to-elements';

/** What the user clicked: a node or an edge by id. */
export type GraphSelection = { group: 'nodes' | 'edges'; id: string } | null;

interface ServiceGraphProps {
  cy: Core | null;
  /** Receives the cytoscape instance from the host (a stable state setter). */
  onReady: (cy: Core | null) => void;
  elements: Elements;
  onSelect: (selection: GraphSelection) => void;
  /** Changing it fits the viewport to the graph once the update is applied. */
  fitKey: string;
  className?: string;
}

// Cytoscape refuses to change these through data(); they never change for a given id anyway.
const IMMUTABLE = new Set(['id', 'source', 'target', 'parent']);

/**
 * The fields of `def` that differ from what the element holds (immutable ones left out), or null.
 * Updating only changed fields keeps cytoscape from restyling thousands of unchanged elements.
 */
function changedData(
  el: SingularElementArgument,
  def: ElementDefinition,
): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(def.data)) {
    if (IMMUTABLE.has(k) || el.data(k) === v) continue;
    (out ??= {})[k] = v;
  }
  return out;
}

/** Applies `elements` to `cy` in one batch; returns the ids of nodes that were added. */
export function applyElements(cy: Core, elements: Elements): Set<string> {
  const want = new Set<string>();
  for (const def of elements.nodes) want.add(def.data.id!);
  for (const def of elements.edges) want.add(def.data.id!);
  const added = new Set<string>();
  cy.batch(() => {
    cy.elements()
      .filter(el => !want.has(el.id()))
      .remove();
    const toAdd: ElementDefinition[] = [];
    for (const def of elements.nodes) {
      const el = cy.getElementById(def.data.id!);
      if (el.empty()) {
        toAdd.push(def);
        added.add(def.data.id!);
        continue;
      }
      const changed = changedData(el, def);
      if (changed) el.data(changed);
    }
    for (const def of elements.edges) {
      const el = cy.getElementById(def.data.id!);
      if (el.empty()) {
        toAdd.push(def);
        continue;
      }
      const changed = changedData(el, def);
      if (changed) el.data(changed);
    }
    if (toAdd.length > 0) cy.add(toAdd);
  });
  return added;
}

/** The graph canvas: a CytoscapeHost plus the effects that keep it current. */
export function ServiceGraph({
  cy,
  onReady,
  elements,
  onSelect,
  fitKey,
  className,
}: ServiceGraphProps) {
  const placed = useRef(false);
  const fitted = useRef(fitKey);

  useEffect(() => {
    if (!cy) return;
    const added = applyElements(cy, elements);
    if (added.size > 0) {
      runLayout(cy, added, !placed.current);
      placed.current = true;
    }
    if (cy.nodes().empty()) placed.current = false;
    if (fitted.current !== fitKey) {
      fitted.current = fitKey;
      cy.animate({ fit: { eles: cy.elements(), padding: 40 }, duration: 250 });
    }
  }, [cy, elements, fitKey]);

  useEffect(() => {
    if (!cy) return;
    const onTap = (evt: EventObject) => {
      if (evt.target === cy) return onSelect(null);
      const el = evt.target as SingularElementArgument;
      if (el.isNode() && el.data('kind') === 'box') return onSelect(null);
      onSelect({ group: el.isNode() ? 'nodes' : 'edges', id: el.id() });
    };
    cy.on('tap', onTap);
    return () => {
      cy.off('tap', onTap);
    };
  }, [cy, onSelect]);

  return <CytoscapeHost onReady={onReady} className={className} />;
}
