import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Page object for /graph. Cytoscape draws on a canvas, so nodes and edges are reached through the
 * page's list view (the same selection path as a canvas click) and through the API response.
 */
export class GraphPage {
  readonly canvas: Locator;
  readonly listToggle: Locator;
  readonly nodeList: Locator;
  readonly edgeList: Locator;
  readonly details: Locator;
  readonly mode: Locator;
  readonly search: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('graph-canvas');
    this.listToggle = page.getByText(/^List view/);
    this.nodeList = page.getByRole('list', { name: 'Nodes' });
    this.edgeList = page.getByRole('list', { name: 'Edges' });
    this.details = page.getByRole('complementary', { name: 'Selection details' });
    this.mode = page.getByRole('combobox', { name: 'Mode' });
    this.search = page.getByRole('searchbox', { name: 'Search nodes' });
    this.status = page.getByRole('status');
  }

  /** Opens /graph (on `origin`, default the main demo server) and waits for the first snapshot; returns its body. */
  async goto(
    search = '',
    origin = '',
  ): Promise<{ nodes: { id: string }[]; edges: { id: string }[] }> {
    const snapshot = this.page.waitForResponse(
      r => new URL(r.url()).pathname === '/api/v1/graph' && r.status() === 200,
    );
    await this.page.goto(`${origin}/graph${search}`);
    return (await (await snapshot).json()) as { nodes: { id: string }[]; edges: { id: string }[] };
  }

  async openList() {
    await this.listToggle.click();
    await expect(this.nodeList).toBeVisible();
  }

  node(name: string | RegExp): Locator {
    return this.nodeList.getByRole('button', { name });
  }

  edge(name: string | RegExp): Locator {
    return this.edgeList.getByRole('button', { name });
  }

  /** What the canvas last drew (service-graph.tsx markDrawn): node and edge counts, frames or not. */
  async drawn(): Promise<{ nodes: number; edges: number; framed: boolean }> {
    const d = await this.canvas.evaluate((el: HTMLElement) => ({ ...el.dataset }));
    return { nodes: Number(d.nodes), edges: Number(d.edges), framed: d.framed === 'true' };
  }

  /** Canvas layers cytoscape created inside the container. */
  canvasLayers(): Locator {
    return this.canvas.locator('canvas');
  }
}
