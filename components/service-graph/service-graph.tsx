'use client';

/**
 * Keeps the cytoscape instance in step with the graph (house style §6, Kiali's processGraphUpdate):
 * diffs element ids and applies add / remove / data inside one `cy.batch()`, runs a layout only when
 * nodes were added, and never moves the viewport on a data update. The viewport is fitted on the
 * first layout and when `fitKey` changes (a user action such as focusing a node).
 */
import type { Core, ElementDefinition, EventObject, SingularElementArgument } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { CytoscapeHost, updateDensity } from './cytoscape-host';
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

/** Quiet time after the last pan/zoom step before a deferred live update is applied. */
const INTERACTION_SETTLE_MS = 300;

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

/**
 * Records on the canvas element what it shows and when it was last laid out and drawn
 * (`performance.now()` after the next two frames), for bench/graph-render.ts and e2e. Plain DOM
 * attributes: no React state, no re-render.
 */
function markDrawn(cy: Core): void {
  const el = cy.container();
  if (!el) return;
  const nodes = String(cy.nodes().length);
  const edges = String(cy.edges().length);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      el.dataset.nodes = nodes;
      el.dataset.edges = edges;
      el.dataset.drawnAt = String(Math.round(performance.now()));
    }),
  );
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
  /** performance.now() until which the user is panning or zooming (updates wait until then). */
  const busyUntil = useRef(0);

  useEffect(() => {
    if (!cy) return;
    const onViewport = () => {
      busyUntil.current = performance.now() + INTERACTION_SETTLE_MS;
    };
    cy.on('viewport', onViewport);
    return () => {
      cy.off('viewport', onViewport);
    };
  }, [cy]);

  useEffect(() => {
    if (!cy) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      // A live update restyles and redraws every changed edge: on a big graph that costs frames
      // while the user pans or zooms, so it waits (the next update supersedes it) until they stop.
      const wait = busyUntil.current - performance.now();
      if (wait > 0 && placed.current && fitted.current === fitKey) {
        timer = setTimeout(apply, wait);
        return;
      }
      const added = applyElements(cy, elements);
      updateDensity(cy);
      if (added.size > 0) {
        runLayout(cy, added, !placed.current);
        placed.current = true;
      }
      markDrawn(cy);
      if (cy.nodes().empty()) placed.current = false;
      if (fitted.current !== fitKey) {
        fitted.current = fitKey;
        cy.animate({ fit: { eles: cy.elements(), padding: 40 }, duration: 250 });
      }
    };
    apply();
    return () => clearTimeout(timer);
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
