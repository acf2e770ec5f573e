import { describe, expect, it } from 'vitest';
import {
  BOX_GAP,
  CELL_X,
  CELL_Y,
  gridLayout,
  placeAdded,
  type GridNode,
  type Point,
} from './layout-grid';

const node = (id: string, box = '', degree = 1): GridNode => ({ id, box, label: id, degree });

/** 20 boxes of 1..25 members each plus 3 loose nodes. */
function bigGraph(): GridNode[] {
  const out: GridNode[] = [node('world', '', 50), node('host', '', 90), node('dns', '', 70)];
  for (let b = 0; b < 20; b++) {
    for (let i = 0; i <= (b * 7) % 25; i++) out.push(node(`ns${b}/w${i}`, `box:ns${b}`, i % 5));
  }
  return out;
}

function boxBounds(nodes: GridNode[], pos: Map<string, Point>) {
  const bounds = new Map<string, { x1: number; y1: number; x2: number; y2: number }>();
  for (const n of nodes) {
    if (n.box === '') continue;
    const p = pos.get(n.id)!;
    const b = bounds.get(n.box) ?? { x1: p.x, y1: p.y, x2: p.x, y2: p.y };
    bounds.set(n.box, {
      x1: Math.min(b.x1, p.x),
      y1: Math.min(b.y1, p.y),
      x2: Math.max(b.x2, p.x),
      y2: Math.max(b.y2, p.y),
    });
  }
  return [...bounds.values()];
}

function distinctCells(pos: Map<string, Point>): boolean {
  const seen = new Set([...pos.values()].map(p => `${p.x},${p.y}`));
  return seen.size === pos.size;
}

describe('gridLayout', () => {
  it('gives every node its own cell and is deterministic', () => {
    const nodes = bigGraph();
    const pos = gridLayout(nodes);
    expect(pos.size).toBe(nodes.length);
    expect(distinctCells(pos)).toBe(true);
    expect(new Map(gridLayout([...nodes].reverse()))).toEqual(pos);
  });

  it('keeps boxes apart and loose nodes in a row above them', () => {
    const nodes = bigGraph();
    const pos = gridLayout(nodes);
    const boxes = boxBounds(nodes, pos);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const apart =
          a.x2 + BOX_GAP < b.x1 ||
          b.x2 + BOX_GAP < a.x1 ||
          a.y2 + BOX_GAP < b.y1 ||
          b.y2 + BOX_GAP < a.y1;
        expect(apart).toBe(true);
      }
    }
    const topOfBoxes = Math.min(...boxes.map(b => b.y1));
    for (const id of ['world', 'host', 'dns']) expect(pos.get(id)!.y).toBeLessThan(topOfBoxes);
    // Busiest loose node first.
    expect(pos.get('host')).toEqual({ x: 0, y: 0 });
  });

  it('puts a box on a compact grid, busiest member first', () => {
    const nodes = [
      node('a', 'box:x', 1),
      node('b', 'box:x', 9),
      node('c', 'box:x', 5),
      node('d', 'box:x', 0),
    ];
    const pos = gridLayout(nodes);
    expect(pos.get('b')).toEqual({ x: 0, y: 0 });
    expect(pos.get('c')).toEqual({ x: CELL_X, y: 0 });
    expect(pos.get('a')).toEqual({ x: 0, y: CELL_Y });
    expect(pos.get('d')).toEqual({ x: CELL_X, y: CELL_Y });
  });

  it('is roughly square, not one long strip', () => {
    const pos = gridLayout(bigGraph());
    const xs = [...pos.values()].map(p => p.x);
    const ys = [...pos.values()].map(p => p.y);
    const w = Math.max(...xs) - Math.min(...xs);
    const h = Math.max(...ys) - Math.min(...ys);
    expect(w / h).toBeGreaterThan(0.33);
    expect(w / h).toBeLessThan(3);
  });
});

describe('placeAdded', () => {
  it('never moves placed nodes and puts new ones on free cells', () => {
    const nodes = bigGraph();
    const before = nodes.filter(n => !n.id.endsWith('/w3') && n.box !== 'box:ns7');
    const placed = gridLayout(before);
    const added = new Set(nodes.filter(n => !placed.has(n.id)).map(n => n.id));
    const pos = placeAdded(nodes, placed, added);
    expect(new Set(pos.keys())).toEqual(added);
    const all = new Map([...placed, ...pos]);
    expect(all.size).toBe(nodes.length);
    expect(distinctCells(all)).toBe(true);
    // A new member of an existing box lands inside or right next to that box's grid.
    const ns1 = before.filter(n => n.box === 'box:ns1').map(n => placed.get(n.id)!);
    const p = pos.get('ns1/w3')!;
    expect(p.x).toBeGreaterThanOrEqual(Math.min(...ns1.map(q => q.x)));
    expect(p.y).toBeLessThanOrEqual(Math.max(...ns1.map(q => q.y)) + CELL_Y);
    // A new box goes below everything placed.
    const maxY = Math.max(...[...placed.values()].map(q => q.y));
    expect(pos.get('ns7/w0')!.y).toBeGreaterThan(maxY);
  });

  it('lays out from scratch when nothing is placed', () => {
    const nodes = bigGraph();
    const pos = placeAdded(nodes, new Map(), new Set(nodes.map(n => n.id)));
    expect(pos).toEqual(gridLayout(nodes));
  });
});
