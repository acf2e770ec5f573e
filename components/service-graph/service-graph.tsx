'use client';

/**
 * Keeps the cytoscape instance in step with the graph (house style §6, Kiali's processGraphUpdate):
 * diffs element ids and applies add / remove / data inside one `cy.batch()`, runs a layout only when
 * nodes were added, and never moves the viewport on a data update. The viewport is fitted on the
 * first layout and when `fitKey` changes (a user action such as focusing a node).
 */
import type { Core, ElementDefinition, EventObject, SingularElementArgument } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { CytoscapeHost, isFramed, updateStyleMode } from './cytoscape-host';
import { fitFrames } from './frames';
import { runLayout } from './layout';
import { FAR, LEAF, META, NEAR_SELECTION } from './stylesheet';
import type { Elements } from './to-elements';

/** What the user clicked: a node or an edge by id. */
export type GraphSelection = { group: 'nodes' | 'edges'; id: string } | null;

interface ServiceGraphProps {
  cy: Core | null;
  /** Receives the cytoscape instance from the host (a stable state setter). */
  onReady: (cy: Core | null) => void;
  elements: Elements;
  /** The selection the page holds (from the canvas or the list view), mirrored on the canvas. */
  selection: GraphSelection;
  onSelect: (selection: GraphSelection) => void;
  /** Changing it fits the viewport to the graph once the update is applied. */
  fitKey: string;
  className?: string;
}

/** Quiet time after the last pan/zoom step before a deferred live update is applied. */
const INTERACTION_SETTLE_MS = 300;

/**
 * A big graph (grid layout) is laid out afresh, rather than extended, when many nodes arrive within
 * this long after its first layout and before the user has touched the canvas: right after the page
 * opens, the graph is often still filling (a backfill in progress, a window just starting), and a
 * layout of the whole is tidier than a first one grown piece by piece. After that, nothing placed
 * moves (layout.ts).
 */
const SETTLING_MS = 15_000;
/** ...and only when that many of the nodes are new (a graph filling up, not a node appearing). */
const SETTLING_SHARE = 0.1;

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
      // `leaf` comes and goes with semantic zoom (to-elements.ts), which the graph's size decides.
      const leaf = def.classes === LEAF;
      if (leaf !== el.hasClass(LEAF)) el.toggleClass(LEAF, leaf);
    }
    if (toAdd.length > 0) cy.add(toAdd);
  });
  return added;
}

/** Zoom below which a semantic-zoom graph shows namespace-to-namespace edges (nodes < 15 px). */
export const FAR_ZOOM = 0.45;

/**
 * Semantic zoom (to-elements.ts `semantic`): zoomed out, leaf edges give way to meta edges; the
 * selected node's and the selected edge keep showing (stylesheet.ts). Only changes classes when
 * the side of {@link FAR_ZOOM} changed or edges were added, so it is cheap to call after every
 * update and viewport change. Returns whether the canvas is now "far".
 */
export function updateSemantic(cy: Core, semantic: boolean): boolean {
  const far = semantic && cy.zoom() < FAR_ZOOM;
  cy.batch(() => {
    if (far) cy.edges(`.${LEAF}, .${META}`).not(`.${FAR}`).addClass(FAR);
    else cy.edges(`.${FAR}`).removeClass(FAR);
  });
  return far;
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
  const edges = String(cy.edges().not(`.${META}`).length);
  const metas = String(cy.edges(`.${META}`).length);
  const framed = String(isFramed(cy));
  // Far, or workload edges not added yet (withoutDeferredLeaves): namespace lines are drawn.
  const far = String(
    cy.edges(`.${FAR}`).nonempty() ||
      (cy.edges(`.${META}`).nonempty() && cy.edges(`.${LEAF}`).empty()),
  );
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      el.dataset.nodes = nodes;
      el.dataset.edges = edges;
      el.dataset.metaEdges = metas;
      el.dataset.far = far;
      el.dataset.framed = framed;
      el.dataset.drawnAt = String(Math.round(performance.now()));
    }),
  );
}

/**
 * Selects `selection` on the canvas (when it came from the list view) and marks the edges of a
 * selected node (drawn with their direction in big graphs), including edges added since it was
 * selected, e.g. a hub's (hubs.ts). Runs after every update and selection change.
 */
export function showSelection(cy: Core, selection: GraphSelection): void {
  const want = selection ? cy.getElementById(selection.id) : cy.collection();
  cy.batch(() => {
    cy.$(':selected').not(want).unselect();
    if (want.nonempty() && !want.selected()) want.select();
    const near = cy.nodes(':selected').connectedEdges();
    cy.edges(`.${NEAR_SELECTION}`).not(near).removeClass(NEAR_SELECTION);
    near.not(`.${NEAR_SELECTION}`).addClass(NEAR_SELECTION);
  });
}

/**
 * The elements to put on the canvas: all of them, or, for a semantic-zoom graph whose workload
 * edges are not needed yet (zoomed out, no node selected), all but those `leaf` edges. Styling
 * ~6,000 edges nobody sees cost ~0.5 s of a 2,000-workload first render; they are added once,
 * when the user first zooms in or selects a node, and kept from then on.
 */
export function withoutDeferredLeaves(elements: Elements, leavesNeeded: boolean): Elements {
  if (!elements.semantic || leavesNeeded) return elements;
  return { ...elements, edges: elements.edges.filter(e => e.classes !== LEAF) };
}

/**
 * Adds the leaf edges of `elements` that withoutDeferredLeaves left out, between nodes already on
 * the canvas (an update deferred during a zoom may hold nodes not placed yet: they come with it).
 */
export function addDeferredLeaves(cy: Core, elements: Elements): void {
  const missing = elements.edges.filter(
    e =>
      e.classes === LEAF &&
      cy.getElementById(e.data.id!).empty() &&
      cy.getElementById(e.data.source!).nonempty() &&
      cy.getElementById(e.data.target!).nonempty(),
  );
  if (missing.length > 0) cy.batch(() => cy.add(missing));
}

/** The graph canvas: a CytoscapeHost plus the effects that keep it current. */
export function ServiceGraph({
  cy,
  onReady,
  elements,
  selection,
  onSelect,
  fitKey,
  className,
}: ServiceGraphProps) {
  const placed = useRef(false);
  const fitted = useRef(fitKey);
  /** performance.now() until which the user is panning or zooming (updates wait until then). */
  const busyUntil = useRef(0);
  /** performance.now() of the first layout, and whether the user has touched the canvas since. */
  const firstLaidOut = useRef(0);
  const touched = useRef(false);
  /** Whether the elements held use semantic zoom (to-elements.ts). */
  const semantic = useRef(false);
  /** Whether workload edges of a semantic-zoom graph are on the canvas (see withoutDeferredLeaves). */
  const leavesOn = useRef(false);
  /** The latest elements, for adding deferred leaf edges when the user zooms in. */
  const latest = useRef(elements);

  useEffect(() => {
    if (!cy) return;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const onViewport = () => {
      busyUntil.current = performance.now() + INTERACTION_SETTLE_MS;
      // Switching thousands of edges costs a redraw or two: done once the zoom settles.
      if (!semantic.current) return;
      clearTimeout(settle);
      settle = setTimeout(() => {
        const before = cy.edges(`.${FAR}`).nonempty();
        const far = cy.zoom() < FAR_ZOOM;
        if (!far && !leavesOn.current) {
          leavesOn.current = true;
          addDeferredLeaves(cy, latest.current);
        }
        if (updateSemantic(cy, semantic.current) !== before || !far) markDrawn(cy);
      }, INTERACTION_SETTLE_MS);
    };
    const onTouch = () => {
      touched.current = true;
    };
    cy.on('viewport', onViewport);
    cy.on('tapstart scrollzoom', onTouch);
    return () => {
      clearTimeout(settle);
      cy.off('viewport', onViewport);
      cy.off('tapstart scrollzoom', onTouch);
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
      // Frames and compound boxes cannot be converted into each other (a node's parent is fixed):
      // crossing FRAMED_NODES starts the picture afresh. The stylesheet is switched before the
      // elements are added, so they are styled once.
      if (elements.framed !== isFramed(cy) && cy.elements().nonempty()) {
        cy.elements().remove();
        placed.current = false;
        leavesOn.current = false;
      }
      latest.current = elements;
      updateStyleMode(cy, elements.edges.length, elements.framed);
      if (selection?.group === 'nodes' || (placed.current && cy.zoom() >= FAR_ZOOM)) {
        leavesOn.current = true;
      }
      const added = applyElements(cy, withoutDeferredLeaves(elements, leavesOn.current));
      if (added.size > 0) {
        // The container may have changed size in this very commit (a banner appeared above it);
        // the ResizeObserver would only tell cytoscape after this layout has fitted the view.
        cy.resize();
        const settling =
          elements.framed &&
          placed.current &&
          !touched.current &&
          performance.now() - firstLaidOut.current < SETTLING_MS &&
          added.size >= SETTLING_SHARE * cy.nodes().length;
        if (!placed.current) firstLaidOut.current = performance.now();
        runLayout(cy, added, !placed.current || settling, elements.framed);
        placed.current = true;
      } else if (elements.framed) {
        fitFrames(cy); // members may have gone
      }
      // A first layout may have fitted a big graph close enough to need its workload edges.
      if (!leavesOn.current && elements.semantic && cy.zoom() >= FAR_ZOOM) {
        leavesOn.current = true;
        addDeferredLeaves(cy, elements);
      }
      showSelection(cy, selection);
      semantic.current = elements.semantic;
      updateSemantic(cy, elements.semantic);
      markDrawn(cy);
      if (cy.nodes().empty()) placed.current = false;
      if (fitted.current !== fitKey) {
        fitted.current = fitKey;
        cy.animate({ fit: { eles: cy.elements(), padding: 40 }, duration: 250 });
      }
    };
    apply();
    return () => clearTimeout(timer);
  }, [cy, elements, fitKey, selection]);

  useEffect(() => {
    if (!cy) return;
    const onTap = (evt: EventObject) => {
      if (evt.target === cy) return onSelect(null);
      const el = evt.target as SingularElementArgument;
      if (el.isNode() && el.data('kind') === 'box') return onSelect(null);
      if (el.hasClass(META)) return onSelect(null);
      onSelect({ group: el.isNode() ? 'nodes' : 'edges', id: el.id() });
    };
    cy.on('tap', onTap);
    // A frame does not follow a dragged member by itself (it is not its parent).
    const onDragFree = () => {
      if (isFramed(cy)) fitFrames(cy);
    };
    cy.on('dragfree', 'node', onDragFree);
    return () => {
      cy.off('tap', onTap);
      cy.off('dragfree', 'node', onDragFree);
    };
  }, [cy, onSelect]);

  return <CytoscapeHost onReady={onReady} className={className} />;
}
