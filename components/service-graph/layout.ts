/**
 * Layout policy (house style §6): a layout runs only when the node set changed. Existing nodes keep
 * their positions (fcose `fixedNodeConstraint`), new ones start next to a neighbour or inside their
 * namespace box, and the viewport is fitted only on the very first layout, so the picture never
 * reshuffles or jumps under the user. Big graphs (namespace frames instead of compound boxes, see
 * to-elements.ts FRAMED_NODES) are laid out on a deterministic grid (layout-grid.ts) instead of
 * fcose, under the same policy.
 */
import type { Core, LayoutOptions, NodeCollection, NodeSingular } from 'cytoscape';
import { fitFrames } from './frames';
import { gridLayout, placeAdded, type GridNode, type Point } from './layout-grid';

const gridNodes = (leaves: NodeCollection): GridNode[] =>
  leaves.map((n: NodeSingular) => ({
    id: n.id(),
    box: String(n.data('box') ?? ''),
    label: String(n.data('label') ?? n.id()),
    degree: n.degree(false),
  }));

/**
 * Big graphs (e.g. every namespace of 500+ workloads expanded): fcose's draft stacks them into one
 * heap and costs seconds. A first layout is the grid of layout-grid.ts as `preset` positions (no
 * simulation); later additions take free cells and nothing placed before moves.
 */
function runGridLayout(cy: Core, leaves: NodeCollection, added: Set<string>, first: boolean): void {
  const nodes = gridNodes(leaves);
  if (first) {
    const pos = gridLayout(nodes);
    cy.batch(() => {
      for (const [id, p] of pos) cy.getElementById(id).position(p);
    });
    fitFrames(cy);
    cy.fit(undefined, 30);
    return;
  }
  const placed = new Map<string, Point>();
  leaves.forEach((n: NodeSingular) => {
    if (!added.has(n.id())) placed.set(n.id(), { ...n.position() });
  });
  const pos = placeAdded(nodes, placed, added);
  cy.batch(() => {
    for (const [id, p] of pos) cy.getElementById(id).position(p);
  });
  fitFrames(cy);
}

/** Places new nodes next to an already placed neighbour or box member before the layout runs. */
function seedPositions(cy: Core, added: Set<string>): void {
  for (const id of added) {
    const n = cy.getElementById(id) as NodeSingular;
    if (n.empty() || n.isParent()) continue;
    const candidates = n.neighborhood().nodes().union(n.parent().children()).nodes();
    const anchor = candidates
      .filter((m: NodeSingular) => !added.has(m.id()) && !m.isParent())
      .first() as NodeSingular;
    if (anchor.nonempty()) {
      const p = anchor.position();
      n.position({ x: p.x + 40 + Math.random() * 40, y: p.y + 40 + Math.random() * 40 });
    }
  }
}

/**
 * Lays out a changed node set: the grid when boxes are frames (`framed`), otherwise fcose or
 * concentric rings by size. `first` = nothing was placed before (fit the viewport); otherwise nodes
 * that existed keep their positions.
 */
export function runLayout(cy: Core, added: Set<string>, first: boolean, framed = false): void {
  if (framed) {
    const leaves = cy.nodes('[kind != "box"]');
    if (leaves.nonempty()) runGridLayout(cy, leaves, added, first);
    return;
  }
  const leaves = cy.nodes().filter((n: NodeSingular) => !n.isParent());
  if (leaves.empty()) return;
  if (!first) seedPositions(cy, added);
  const fixed = first
    ? []
    : leaves
        .filter((n: NodeSingular) => !added.has(n.id()))
        .map((n: NodeSingular) => ({ nodeId: n.id(), position: { ...n.position() } }));
  // A first layout of 150-400 flat nodes (e.g. 2,000 workloads collapsed to 200 namespaces): fcose
  // costs about a second here (its refinement runs at least 5 iterations per node, whatever numIter
  // says) and its spectral draft stacks such hub-dominated graphs into one heap. Concentric rings by
  // degree are instant and readable: hubs (host, Prometheus, DNS) in the middle.
  if (first && leaves.length > 150 && cy.nodes(':parent').empty()) {
    cy.layout({
      name: 'concentric',
      animate: false,
      fit: true,
      padding: 30,
      minNodeSpacing: 12,
      avoidOverlap: true,
      concentric: (n: NodeSingular) => n.degree(false),
      levelWidth: () => 4,
    } as unknown as LayoutOptions).run();
    return;
  }
  const options = {
    name: 'fcose',
    quality: 'default',
    randomize: first,
    animate: false,
    fit: first,
    padding: 30,
    nodeDimensionsIncludeLabels: true,
    packComponents: true,
    nodeRepulsion: 6000,
    idealEdgeLength: 90,
    nestingFactor: 0.6,
    // Fewer iterations as the graph grows: the first picture matters more than the last pixel.
    numIter: leaves.length > 50 ? 1500 : 2500,
    // A constraint per node is only worth it while there are new nodes to place among them.
    fixedNodeConstraint: fixed.length > 0 && fixed.length < leaves.length ? fixed : undefined,
  };
  try {
    cy.layout(options as unknown as LayoutOptions).run();
  } catch (err) {
    // fcose rejects some constraint sets (e.g. contradicting compound bounds); an unconstrained
    // incremental layout (randomize: false) still starts from the current positions.
    console.warn('flowscope: constrained layout failed, retrying without constraints', err);
    cy.layout({ ...options, fixedNodeConstraint: undefined } as unknown as LayoutOptions).run();
  }
}
