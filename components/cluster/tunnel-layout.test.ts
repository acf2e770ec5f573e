/**
 * The tunnel map's geometry at every cluster size the simulator makes (3 to 100 nodes) and beyond:
 * nothing overlaps and nothing leaves the picture.
 */
import { describe, expect, it } from 'vitest';
import {
  BOX_H,
  BOX_W,
  BOXES_MAX,
  DOT_R,
  LABEL_FONT_PX,
  LABEL_GAP,
  labelPx,
  placement,
  type Placement,
} from './tunnel-layout';

/** master241, worker242, ... as the simulator names them. */
const simNames = (n: number) =>
  Array.from({ length: n }, (_, i) => (i === 0 ? 'master241' : `worker${241 + i}`));

const spots = (p: Placement, names: string[]) => names.map(n => ({ n, ...p.pos.get(n)! }));

describe('placement', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('%i nodes: boxes that do not overlap, inside the SVG', n => {
    const names = simNames(n);
    const p = placement(names);
    expect(p.mode).toBe('boxes');
    const s = spots(p, names);
    expect(s).toHaveLength(n);
    for (const a of s) {
      expect(a.x - BOX_W / 2).toBeGreaterThanOrEqual(0);
      expect(a.x + BOX_W / 2).toBeLessThanOrEqual(p.w);
      expect(a.y - BOX_H / 2).toBeGreaterThanOrEqual(0);
      expect(a.y + BOX_H / 2).toBeLessThanOrEqual(p.h);
    }
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const dx = Math.abs(s[i]!.x - s[j]!.x);
        const dy = Math.abs(s[i]!.y - s[j]!.y);
        expect(dx >= BOX_W || dy >= BOX_H, `${s[i]!.n} and ${s[j]!.n} overlap`).toBe(true);
      }
  });

  it.each([9, 10, 40, 60, 100])(
    '%i nodes: dots and outward names that do not collide, inside the SVG',
    n => {
      const names = simNames(n);
      const p = placement(names);
      expect(p.mode).toBe('dots');
      expect(p.w).toBe(560);
      const s = spots(p, names);
      const label = labelPx(Math.max(...names.map(x => x.length)));
      // Neighbours on the circle: far enough apart for two dots and two lines of text.
      const need = Math.max(2 * DOT_R, LABEL_FONT_PX);
      for (let i = 0; i < n; i++) {
        const a = s[i]!;
        const b = s[(i + 1) % n]!;
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(need);
        // The name runs outwards along the radius: its far end must stay in the picture.
        const reach = LABEL_GAP + label;
        const ex = a.x + reach * Math.cos(a.angle);
        const ey = a.y + reach * Math.sin(a.angle);
        for (const [v, max] of [
          [ex, p.w],
          [ey, p.h],
          [a.x, p.w],
          [a.y, p.h],
        ] as const) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(max);
        }
      }
      // No two dots anywhere on the ring touch.
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++)
          expect(Math.hypot(s[i]!.x - s[j]!.x, s[i]!.y - s[j]!.y)).toBeGreaterThan(2 * DOT_R);
    },
  );

  it('grows the picture with the node count and starts at the top', () => {
    const h = (n: number) => placement(simNames(n)).h;
    expect(h(3)).toBeLessThanOrEqual(h(8));
    expect(h(40)).toBeLessThanOrEqual(h(60));
    expect(h(60)).toBeLessThanOrEqual(h(100));
    expect(h(100)).toBeLessThanOrEqual(560);
    for (const n of [3, 8, 10, 40]) {
      const p = placement(simNames(n));
      const ys = [...p.pos.values()].map(s => s.y);
      expect(p.pos.get('master241')!.y).toBe(Math.min(...ys));
    }
    expect(BOXES_MAX).toBe(8);
  });

  it('keeps long cloud node names (clipped to 14 characters) inside the SVG', () => {
    const names = Array.from(
      { length: 40 },
      (_, i) => `ip-10-0-${i}-17.eu-west-1.compute.internal`,
    );
    const p = placement(names);
    const reach = LABEL_GAP + labelPx(14);
    for (const s of p.pos.values()) {
      expect(s.x + reach * Math.cos(s.angle)).toBeGreaterThanOrEqual(0);
      expect(s.x + reach * Math.cos(s.angle)).toBeLessThanOrEqual(p.w);
      expect(s.y + reach * Math.sin(s.angle)).toBeGreaterThanOrEqual(0);
      expect(s.y + reach * Math.sin(s.angle)).toBeLessThanOrEqual(p.h);
    }
  });
});
