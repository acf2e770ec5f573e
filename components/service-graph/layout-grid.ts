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
/** Empty space between two boxes (box padding and title included). */
export const BOX_GAP = 70;

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
  return { key, members: sorted, cols, width: (cols - 1) * CELL_X, height: (rows - 1) * CELL_Y };
}

/** Places a group's members on its grid, top-left centre at (x, y). */
function placeGroup(g: Group, x: number, y: number, out: Map<string, Point>): void {
  g.members.forEach((n, i) => {
    out.set(n.id, { x: x + (i % g.cols) * CELL_X, y: y + Math.floor(i / g.cols) * CELL_Y });
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
  let area = 0;
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
      y += shelfHeight + BOX_GAP + CELL_Y;
      shelfHeight = 0;
    }
    placeGroup(g, x, y, out);
    x += g.width + BOX_GAP + CELL_X;
    shelfHeight = Math.max(shelfHeight, g.height);
  }
  return out;
}

/**
 * Positions for `added` nodes when others are already placed (`placed`; nothing of it moves).
 * New members of a box that already has members take the next free cells of that box's grid,
 * counted from its top-left member; everything else (new boxes, new loose nodes) is laid out with
 * {@link gridLayout} as one block below the current picture.
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
  for (const [box, fresh] of newByBox) {
    const members = boxMembers.get(box)!;
    const minX = Math.min(...members.map(p => p.x));
    const minY = Math.min(...members.map(p => p.y));
    const maxX = Math.max(...members.map(p => p.x));
    const cols = Math.max(
      Math.round((maxX - minX) / CELL_X) + 1,
      Math.ceil(Math.sqrt(members.length + fresh.length)),
    );
    const taken = new Set(
      members.map(p => `${Math.round((p.x - minX) / CELL_X)},${Math.round((p.y - minY) / CELL_Y)}`),
    );
    let cell = 0;
    for (const n of [...fresh].sort(byDegreeThenName)) {
      while (taken.has(`${cell % cols},${Math.floor(cell / cols)}`)) cell++;
      out.set(n.id, {
        x: minX + (cell % cols) * CELL_X,
        y: minY + Math.floor(cell / cols) * CELL_Y,
      });
      cell++;
    }
  }
  if (rest.length > 0) {
    let minX = Infinity;
    let maxY = -Infinity;
    for (const p of [...placed.values(), ...out.values()]) {
      minX = Math.min(minX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    const origin = Number.isFinite(minX) ? { x: minX, y: maxY + BOX_GAP + CELL_Y } : { x: 0, y: 0 };
    for (const [id, p] of gridLayout(rest, origin)) out.set(id, p);
  }
  return out;
}
