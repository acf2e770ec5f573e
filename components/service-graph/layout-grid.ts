/**
 * Deterministic two-level grid layout for big graphs (pure functions, no cytoscape): each namespace
 * box's members on a compact grid (busiest first), the boxes shelf-packed by height, and the nodes
 * outside any box (reserved identities, world, CIDRs, collapsed namespaces) in their own rows above.
 * Force layouts stack these hub-dominated graphs into one heap and cost seconds; this costs
 * milliseconds and gives every node its own cell. Positions are node centres.
 */

export interface GridNode {
  id: string;
  /** Box (compound parent) id, '' = not in a box. */
  box: string;
  label: string;
  /** Number of edges, for the order inside a group (busiest first). */
  degree: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Horizontal / vertical distance between node centres (34 px nodes plus a label line). */
export const CELL_X = 100;
export const CELL_Y = 70;
/** Row distance of nodes outside boxes: collapsed namespaces are taller and carry two label lines. */
export const LOOSE_CELL_Y = 95;
/** Empty space between two boxes (box padding and title included). */
export const BOX_GAP = 70;
/**
 * Room a namespace frame needs around its member centres (frames.ts draws it): half a cell each
 * side, the node above, the node and its label line below.
 */
export const FRAME_MARGIN = { side: CELL_X / 2, top: 29, bottom: 47 };

interface Group {
  key: string;
  members: GridNode[];
  cols: number;
  width: number;
  height: number;
}

const byDegreeThenName = (a: GridNode, b: GridNode): number =>
  b.degree - a.degree || a.label.localeCompare(b.label) || a.id.localeCompare(b.id);

function makeGroup(key: string, members: GridNode[], cols: number): Group {
  const sorted = [...members].sort(byDegreeThenName);
  const rows = Math.ceil(sorted.length / cols);
  const cellY = key === '' ? LOOSE_CELL_Y : CELL_Y;
  return { key, members: sorted, cols, width: (cols - 1) * CELL_X, height: (rows - 1) * cellY };
}

/** Places a group's members on its grid, top-left centre at (x, y). */
function placeGroup(g: Group, x: number, y: number, out: Map<string, Point>): void {
  const cellY = g.key === '' ? LOOSE_CELL_Y : CELL_Y;
  g.members.forEach((n, i) => {
    out.set(n.id, { x: x + (i % g.cols) * CELL_X, y: y + Math.floor(i / g.cols) * cellY });
  });
}

/**
 * Lays out `nodes` (leaves only; boxes take the bounding box of their members) starting at
 * `origin` (top-left node centre). Returns a position for every node.
 */
export function gridLayout(nodes: GridNode[], origin: Point = { x: 0, y: 0 }): Map<string, Point> {
  const out = new Map<string, Point>();
  if (nodes.length === 0) return out;
  const byBox = new Map<string, GridNode[]>();
  const loose: GridNode[] = [];
  for (const n of nodes) {
    if (n.box === '') {
      loose.push(n);
      continue;
    }
    const list = byBox.get(n.box);
    if (list) list.push(n);
    else byBox.set(n.box, [n]);
  }
  const groups = [...byBox.entries()]
    .map(([key, members]) => makeGroup(key, members, Math.ceil(Math.sqrt(members.length))))
    .sort((a, b) => b.height - a.height || b.width - a.width || a.key.localeCompare(b.key));
  // Shelf width: about square overall, never narrower than the widest box.
  // Loose nodes count too: a graph of mostly loose nodes (collapsed namespaces around one expanded
  // one) must not become a 6-column strip.
  let area = loose.length * CELL_X * LOOSE_CELL_Y;
  let widest = 0;
  for (const g of groups) {
    area += (g.width + BOX_GAP + CELL_X) * (g.height + BOX_GAP + CELL_Y);
    widest = Math.max(widest, g.width);
  }
  const shelfWidth = Math.max(widest, Math.sqrt(area) * 1.3, 6 * CELL_X);

  // Loose nodes first, in rows as wide as the shelves.
  let y = origin.y;
  if (loose.length > 0) {
    const cols = Math.max(1, Math.floor(shelfWidth / CELL_X) + 1);
    const g = makeGroup('', loose, Math.min(cols, loose.length));
    placeGroup(g, origin.x, y, out);
    y += g.height + (groups.length > 0 ? BOX_GAP + CELL_Y : 0);
  }
  let x = origin.x;
  let shelfHeight = 0;
  for (const g of groups) {
    if (x > origin.x && x - origin.x + g.width > shelfWidth) {
      x = origin.x;
      // A spare row under every shelf: a namespace can gain a row of workloads without its
      // frame reaching the next one (placeAdded).
      y += shelfHeight + CELL_Y + BOX_GAP + CELL_Y;
      shelfHeight = 0;
    }
    placeGroup(g, x, y, out);
    x += g.width + BOX_GAP + CELL_X;
    shelfHeight = Math.max(shelfHeight, g.height);
  }
  return out;
}

/** A frame's rectangle around member centres (see {@link FRAME_MARGIN}). */
export interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function frameRect(points: readonly Point[]): Rect {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of points) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  return {
    x1: x1 - FRAME_MARGIN.side,
    y1: y1 - FRAME_MARGIN.top,
    x2: x2 + FRAME_MARGIN.side,
    y2: y2 + FRAME_MARGIN.bottom,
  };
}

/** Whether `p` (a node centre, with its node and label) reaches into `r`. */
const reaches = (r: Rect, p: Point): boolean =>
  p.x + FRAME_MARGIN.side > r.x1 &&
  p.x - FRAME_MARGIN.side < r.x2 &&
  p.y + FRAME_MARGIN.bottom > r.y1 &&
  p.y - FRAME_MARGIN.top < r.y2;

/**
 * Next free cells of a box's grid (counted from its top-left member, `cols` wide) for `fresh`,
 * busiest first.
 */
function freeCells(members: Point[], fresh: GridNode[], cols: number): Map<string, Point> {
  const minX = Math.min(...members.map(p => p.x));
  const minY = Math.min(...members.map(p => p.y));
  const taken = new Set(
    members.map(p => `${Math.round((p.x - minX) / CELL_X)},${Math.round((p.y - minY) / CELL_Y)}`),
  );
  const out = new Map<string, Point>();
  let cell = 0;
  for (const n of [...fresh].sort(byDegreeThenName)) {
    while (taken.has(`${cell % cols},${Math.floor(cell / cols)}`)) cell++;
    out.set(n.id, { x: minX + (cell % cols) * CELL_X, y: minY + Math.floor(cell / cols) * CELL_Y });
    cell++;
  }
  return out;
}

/** Column counts to try for a growing box: its current width first (it grows downwards), then square. */
function columnChoices(members: Point[], total: number): number[] {
  const width =
    Math.round((Math.max(...members.map(p => p.x)) - Math.min(...members.map(p => p.x))) / CELL_X) +
    1;
  const square = Math.ceil(Math.sqrt(total));
  return square > width ? [width, square] : [width];
}

/**
 * Positions for `added` nodes when others are already placed (`placed`). New members of a box
 * that already has members take the next free cells of that box's grid, counted from its top-left
 * member, as long as its frame then stays clear of every other node (gridLayout leaves a spare row
 * under each shelf). A box that would grow into others is moved as a whole, its placed members
 * included (the only case where placed nodes move; they are returned too), to a block below the
 * picture, with new boxes and new loose nodes. Nothing else placed ever moves.
 */
export function placeAdded(
  nodes: GridNode[],
  placed: Map<string, Point>,
  added: Set<string>,
): Map<string, Point> {
  const out = new Map<string, Point>();
  const boxMembers = new Map<string, Point[]>();
  for (const n of nodes) {
    const p = placed.get(n.id);
    if (added.has(n.id) || !p || n.box === '') continue;
    const list = boxMembers.get(n.box);
    if (list) list.push(p);
    else boxMembers.set(n.box, [p]);
  }
  const rest: GridNode[] = [];
  const newByBox = new Map<string, GridNode[]>();
  for (const n of nodes) {
    if (!added.has(n.id)) continue;
    if (n.box !== '' && boxMembers.has(n.box)) {
      const list = newByBox.get(n.box);
      if (list) list.push(n);
      else newByBox.set(n.box, [n]);
    } else rest.push(n);
  }
  // Where everything currently is (placed nodes, then accepted new positions), by box.
  const where = new Map<string, { box: string; p: Point }>();
  for (const n of nodes) {
    const p = placed.get(n.id);
    if (p && !added.has(n.id)) where.set(n.id, { box: n.box, p });
  }
  const moved = new Set<string>();
  const clearOf = (box: string, rect: Rect): boolean => {
    for (const { box: other, p } of where.values()) {
      if ((other !== box || other === '') && reaches(rect, p)) return false;
    }
    return true;
  };
  for (const [box, fresh] of newByBox) {
    const members = boxMembers.get(box)!;
    let fits: Map<string, Point> | null = null;
    for (const cols of columnChoices(members, members.length + fresh.length)) {
      const cells = freeCells(members, fresh, cols);
      if (clearOf(box, frameRect([...members, ...cells.values()]))) {
        fits = cells;
        break;
      }
    }
    if (!fits) {
      moved.add(box);
      continue;
    }
    for (const [id, p] of fits) {
      out.set(id, p);
      where.set(id, { box, p });
    }
  }
  for (const n of nodes) {
    if (!moved.has(n.box)) continue;
    if (!added.has(n.id)) where.delete(n.id);
    rest.push(n);
  }
  if (rest.length > 0) {
    let minX = Infinity;
    let maxY = -Infinity;
    for (const { p } of where.values()) {
      minX = Math.min(minX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    const origin = Number.isFinite(minX) ? { x: minX, y: maxY + BOX_GAP + CELL_Y } : { x: 0, y: 0 };
    for (const [id, p] of gridLayout(rest, origin)) out.set(id, p);
  }
  return out;
}
