import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for /cluster: roles and table names first, test ids only where no role fits. */
export class ClusterPage {
  readonly heading: Locator;
  readonly health: Locator;
  readonly components: Locator;
  readonly nodes: Locator;
  readonly nodeRows: Locator;
  readonly tunnelMap: Locator;
  readonly tunnelLinks: Locator;
  readonly tunnelTable: Locator;
  readonly tunnelRows: Locator;
  readonly overlay: Locator;
  readonly problems: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Cluster', level: 1 });
    this.health = page.getByTestId('cluster-health');
    this.components = page.getByRole('table', { name: 'Cilium components' });
    this.nodes = page.getByRole('table', { name: 'Nodes' });
    this.nodeRows = this.nodes.locator('tbody tr');
    this.tunnelMap = page.getByRole('img', { name: /^Tunnel map/ });
    this.tunnelLinks = page.getByTestId('tunnel-link');
    this.tunnelTable = page.getByRole('table', { name: 'Tunnel table' });
    this.tunnelRows = this.tunnelTable.locator('tbody tr');
    this.overlay = page.getByRole('table', { name: 'Overlay traffic' });
    this.problems = page.getByTestId('cluster-problems');
  }

  async goto() {
    await this.page.goto('/cluster');
    await expect(this.heading).toBeVisible();
  }

  /** The node table row of `name`. */
  node(name: string): Locator {
    return this.page.getByTestId(`node-${name}`);
  }

  /** The `cilium bpf tunnel list` row for `prefix`. */
  tunnelRow(prefix: string): Locator {
    return this.tunnelRows.filter({ hasText: prefix });
  }
}
