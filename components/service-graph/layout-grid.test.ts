import { describe, expect, it } from 'vitest';
import {
  BOX_GAP,
  CELL_X,
  CELL_Y,
  FRAME_MARGIN,
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

  it('keeps mostly loose graphs (collapsed namespaces around one expanded) square too', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`ns:n${i}`, '', i % 7));
    for (let i = 0; i < 10; i++) nodes.push(node(`shop/w${i}`, 'box:shop'));
    const pos = gridLayout(nodes);
    const xs = [...pos.values()].map(p => p.x);
    const ys = [...pos.values()].map(p => p.y);
    const ratio = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
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

  it('grows a box in place while its frame stays clear, else moves that box as a whole', () => {
    const nodes = bigGraph();
    const placed = gridLayout(nodes);
    // ns5 has 11 members on a 4-wide grid: one more fits its spare row...
    const one = [node('ns5/extra0', 'box:ns5')];
    const pos1 = placeAdded([...nodes, ...one], placed, new Set(['ns5/extra0']));
    expect([...pos1.keys()]).toEqual(['ns5/extra0']);
    // ...but a dozen more would reach the box below: the whole of ns5 moves below the picture.
    const many = Array.from({ length: 12 }, (_, i) => node(`ns5/extra${i}`, 'box:ns5'));
    const all = [...nodes, ...many];
    const pos2 = placeAdded(all, placed, new Set(many.map(n => n.id)));
    const ns5 = all.filter(n => n.box === 'box:ns5').map(n => n.id);
    expect(new Set(pos2.keys())).toEqual(new Set(ns5));
    const maxY = Math.max(...[...placed.values()].map(p => p.y));
    for (const id of ns5) expect(pos2.get(id)!.y).toBeGreaterThan(maxY);
    expectFramesApart(all, new Map([...placed, ...pos2]));
  });

  it('keeps frames apart through any sequence of additions', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const nodes = bigGraph();
    for (let b = 0; b < 20; b++) {
      for (let i = 0; i < 30; i++) nodes.push(node(`ns${b}/late${i}`, `box:ns${b}`, i % 3));
    }
    const order = [...nodes].sort(() => rand() - 0.5);
    let known = order.slice(0, 150);
    let pos = gridLayout(known);
    while (known.length < order.length) {
      const batch = order.slice(known.length, known.length + 1 + Math.floor(rand() * 40));
      const next = [...known, ...batch];
      const out = placeAdded(next, pos, new Set(batch.map(n => n.id)));
      // Placed nodes move only with their whole box.
      const movedBoxes = new Set(known.filter(n => out.has(n.id)).map(n => n.box));
      expect(movedBoxes.has('')).toBe(false);
      for (const n of known) {
        if (movedBoxes.has(n.box)) expect(out.has(n.id), n.id).toBe(true);
      }
      pos = new Map([...pos, ...out]);
      known = next;
      expect(distinctCells(pos)).toBe(true);
      expectFramesApart(known, pos);
    }
  });
});

/** No frame (members' cells plus FRAME_MARGIN) overlaps another frame or holds a foreign node. */
function expectFramesApart(nodes: GridNode[], pos: Map<string, Point>): void {
  const rects = new Map<string, { x1: number; y1: number; x2: number; y2: number }>();
  for (const n of nodes) {
    if (n.box === '') continue;
    const p = pos.get(n.id)!;
    const r = rects.get(n.box);
    rects.set(n.box, {
      x1: Math.min(r?.x1 ?? Infinity, p.x - FRAME_MARGIN.side),
      y1: Math.min(r?.y1 ?? Infinity, p.y - FRAME_MARGIN.top),
      x2: Math.max(r?.x2 ?? -Infinity, p.x + FRAME_MARGIN.side),
      y2: Math.max(r?.y2 ?? -Infinity, p.y + FRAME_MARGIN.bottom),
    });
  }
  const list = [...rects.entries()];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [ka, a] = list[i]!;
      const [kb, b] = list[j]!;
      const apart = a.x2 <= b.x1 || b.x2 <= a.x1 || a.y2 <= b.y1 || b.y2 <= a.y1;
      expect(apart, `${ka} overlaps ${kb}`).toBe(true);
    }
  }
  for (const n of nodes) {
    if (n.box !== '') continue;
    const p = pos.get(n.id)!;
    for (const [k, r] of list) {
      const inside = p.x > r.x1 && p.x < r.x2 && p.y > r.y1 && p.y < r.y2;
      expect(inside, `${n.id} inside ${k}`).toBe(false);
    }
  }
}
