import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { fitFrames, frameGeometry } from './frames';

describe('namespace frames', () => {
  it('enclose their members with room for labels, centred on them', () => {
    expect(frameGeometry([])).toBeNull();
    const one = frameGeometry([{ x: 100, y: 50 }])!;
    expect(one.w).toBeGreaterThanOrEqual(34 + 2 * 20);
    expect(one.x).toBe(100);
    const g = frameGeometry([
      { x: 0, y: 0 },
      { x: 200, y: 0 },
      { x: 100, y: 140 },
    ])!;
    expect(g.x - g.w / 2).toBeLessThan(-17);
    expect(g.x + g.w / 2).toBeGreaterThan(217);
    expect(g.y - g.h / 2).toBeLessThan(-17);
    // Below the bottom row there is room for its labels.
    expect(g.y + g.h / 2).toBeGreaterThan(140 + 17 + 12);
  });

  it('follow their members and write nothing when nothing moved', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true });
    cy.add([
      { group: 'nodes', data: { id: 'box:a', kind: 'box', box: '' } },
      {
        group: 'nodes',
        data: { id: 'a/x', kind: 'workload', box: 'box:a' },
        position: { x: 0, y: 0 },
      },
      {
        group: 'nodes',
        data: { id: 'a/y', kind: 'workload', box: 'box:a' },
        position: { x: 100, y: 0 },
      },
      {
        group: 'nodes',
        data: { id: 'host', kind: 'reserved', box: '' },
        position: { x: 900, y: 900 },
      },
    ]);
    fitFrames(cy);
    const frame = cy.getElementById('box:a');
    expect(frame.position().x).toBe(50);
    const w = frame.data('frameW') as number;
    let writes = 0;
    cy.on('data position', 'node[kind = "box"]', () => writes++);
    fitFrames(cy);
    expect(writes).toBe(0);
    cy.getElementById('a/y').position({ x: 300, y: 0 });
    fitFrames(cy);
    expect(frame.data('frameW')).toBe(w + 200);
    expect(frame.position().x).toBe(150);
    cy.destroy();
  });
});
