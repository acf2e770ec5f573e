import { expect, test } from '@playwright/test';
import { GraphPage } from './pages/graph-page';

test.describe('service graph', () => {
  test('the demo graph shows the shop workloads on the canvas', async ({ page }) => {
    const graph = new GraphPage(page);
    const body = await graph.goto();
    expect(body.nodes.map(n => n.id)).toContain('shop/frontend');
    await expect(graph.canvas).toBeVisible();
    await expect.poll(() => graph.canvasLayers().count()).toBeGreaterThan(0);
    const box = await graph.canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    await graph.openList();
    await expect(graph.node('shop/frontend')).toBeVisible();
    await expect(page.getByText(/\d+ nodes · \d+ edges/)).toBeVisible();
  });

  test('selecting an edge opens its stats and a link to its flows', async ({ page }) => {
    const graph = new GraphPage(page);
    await graph.goto();
    await graph.openList();
    await graph
      .edge(/^shop\/frontend → /)
      .first()
      .click();
    await expect(graph.details).toBeVisible();
    await expect(graph.details.getByRole('heading')).toContainText('shop/frontend →');
    await expect(graph.details).toContainText('Flow rate');
    await expect(graph.details).toContainText(/\/s/);
    const link = graph.details.getByRole('link', { name: 'Show these flows' });
    await expect(link).toHaveAttribute('href', /^\/flows\?q=--from-pod%20shop%2Ffrontend/);
    await link.click();
    await expect(page).toHaveURL(/\/flows\?q=--from-pod/);
  });

  test('focus narrows the graph to a neighbourhood and "Show all" restores it', async ({
    page,
  }) => {
    const graph = new GraphPage(page);
    const body = await graph.goto();
    await graph.search.fill('frontend');
    await page.getByRole('button', { name: 'Focus', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Show all' })).toBeVisible();
    await expect
      .poll(async () =>
        Number((await page.getByText(/List view \(\d+ nodes/).innerText()).match(/\((\d+)/)?.[1]),
      )
      .toBeLessThanOrEqual(body.nodes.length);
    await page.getByRole('button', { name: 'Show all' }).click();
  });

  test('a broken filter names its token and offers the way out', async ({ page }) => {
    await page.goto('/graph?q=--bogus%20x');
    const state = page.getByTestId('graph-state');
    await expect(state).toContainText('The server rejected this view: q: unknown flag "--bogus"');
    await expect(page.getByText(/Graph of flows matching/)).toHaveCount(0);
    await expect(
      state.getByRole('link', { name: 'Edit the filter on the Flows page' }),
    ).toHaveAttribute('href', '/flows?q=--bogus%20x');
    await state.getByRole('link', { name: 'Show the graph without it' }).click();
    await expect(page).toHaveURL(/\/graph$/);
    await expect(page.getByTestId('graph-canvas')).toBeVisible();
  });

  test('an invalid window is rejected with the token named', async ({ request }) => {
    const res = await request.get('/api/v1/graph?window=2m');
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^window: invalid value "2m"/);
  });
});
