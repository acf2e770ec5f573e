import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/graph-page';

/** The built-in cluster scaled to 450 workloads (playwright.config.ts, third server). */
const BIG = 'http://127.0.0.1:3109';

interface Body {
  nodes: { id: string }[];
  edges: { id: string; source: string; target: string }[];
  lod: { collapsed: boolean };
}

test.describe('service graph at scale', () => {
  test.beforeAll(async ({ request }) => {
    // The scaled cluster's history fills the graph within seconds of start; wait for it (bounded).
    await expect
      .poll(
        async () =>
          ((await (await request.get(`${BIG}/api/v1/graph`)).json()) as Body).nodes.length,
        { timeout: 60_000 },
      )
      .toBeGreaterThan(420);
  });

  test('draws every workload in namespace frames, leaves out healthy hub edges and says so', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    const body = (await graph.goto('', BIG)) as Body;
    expect(body.lod.collapsed).toBe(false);
    await expect.poll(async () => (await graph.drawn()).nodes).toBeGreaterThan(body.nodes.length);
    const first = await graph.drawn();
    expect(first.framed).toBe(true);

    const banner = page.getByTestId('graph-hubs');
    await expect(banner).toContainText(/[\d,]+ healthy edges of \d+ hubs? \(/);
    await expect(banner).toContainText('host');
    const hidden = Number((await banner.innerText()).match(/^([\d,]+)/)![1]!.replace(/,/g, ''));
    expect(hidden).toBeGreaterThan(100);
    expect(first.edges).toBeLessThan(body.edges.length);
    await expect(page.getByText(/\d+ nodes · \d+ edges \(\d+ drawn\)/)).toBeVisible();

    // Drawing every edge brings the hidden ones back (live updates may add a few more).
    await banner.getByRole('button', { name: 'Draw every edge' }).click();
    await expect(banner).toBeHidden();
    await expect(page.getByLabel('All hub edges')).toBeChecked();
    await expect
      .poll(async () => (await graph.drawn()).edges)
      .toBeGreaterThanOrEqual(first.edges + hidden);
    // Nothing was laid out again: the same nodes, still in frames.
    const after = await graph.drawn();
    expect(after.framed).toBe(true);
  });

  test('selecting a hub draws all of its edges', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto('', BIG);
    await expect(page.getByTestId('graph-hubs')).toBeVisible();
    const before = await graph.drawn();
    await graph.openList();
    await graph
      .node(/^host\b/)
      .first()
      .click();
    await expect(graph.details).toBeVisible();
    await expect.poll(async () => (await graph.drawn()).edges).toBeGreaterThan(before.edges + 100);
  });

  test('"Namespaces only" shows one node per namespace, and a namespace expands', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    const body = (await graph.goto('', BIG)) as Body;
    await page.getByLabel('Namespaces only').check();
    const banner = page.getByTestId('graph-lod');
    await expect(banner).toContainText('Namespaces only');
    await expect.poll(async () => (await graph.drawn()).nodes).toBeLessThan(100);
    const collapsed = await graph.drawn();
    expect(collapsed.framed).toBe(false);
    await graph.openList();
    await graph.node(/^billing$/).click();
    await page.getByRole('button', { name: 'Expand billing' }).click();
    await expect(banner.getByRole('button', { name: 'billing ✕' })).toBeVisible();
    await expect.poll(async () => (await graph.drawn()).nodes).toBeGreaterThan(collapsed.nodes);
    expect(body.nodes.length).toBeGreaterThan(collapsed.nodes);
  });
});
