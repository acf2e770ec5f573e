import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for /flows: roles first, test ids only where no role fits. */
export class FlowsPage {
  readonly table: Locator;
  readonly bodyRows: Locator;
  readonly filterInput: Locator;
  readonly filterError: Locator;
  readonly pauseButton: Locator;
  readonly resumeButton: Locator;
  readonly newWhilePaused: Locator;
  readonly relayState: Locator;
  readonly drawer: Locator;
  readonly themeToggle: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Flows' });
    // The second rowgroup is the body; the first holds the header row.
    this.bodyRows = this.table.getByRole('rowgroup').nth(1).getByRole('row');
    this.filterInput = page.getByRole('textbox', { name: 'Filter' });
    this.filterError = page.getByRole('alert').filter({ hasText: 'Filter not applied' });
    this.pauseButton = page.getByRole('button', { name: 'Pause' });
    this.resumeButton = page.getByRole('button', { name: 'Resume' });
    this.newWhilePaused = page.getByTestId('new-while-paused');
    this.relayState = page.getByTestId('relay-state');
    this.drawer = page.getByRole('dialog', { name: 'Flow details' });
    this.themeToggle = page.getByRole('button', { name: /theme/i });
  }

  async goto(q?: string) {
    await this.page.goto(q === undefined ? '/flows' : `/flows?q=${encodeURIComponent(q)}`);
  }

  /** Flows in the table (all of them, not just the rendered, virtualized ones). */
  async rowCount(): Promise<number> {
    if ((await this.table.count()) === 0) return 0;
    const n = Number(await this.table.getAttribute('aria-rowcount'));
    return Number.isFinite(n) ? n - 1 : 0;
  }

  async waitForRows(min = 1) {
    await expect.poll(() => this.rowCount(), { timeout: 30_000 }).toBeGreaterThanOrEqual(min);
  }

  /** Text of the newest (top) row; changes whenever new flows are committed. */
  async firstRowText(): Promise<string> {
    return (await this.bodyRows.first().innerText()).replace(/\s+/g, ' ');
  }

  /** Verdict column text of every rendered body row. */
  async renderedVerdicts(): Promise<string[]> {
    return this.bodyRows.evaluateAll(rows =>
      rows.map(r => (r.querySelectorAll('[role="cell"]')[6]?.textContent ?? '').trim()),
    );
  }

  async applyFilter(q: string) {
    await this.filterInput.fill(q);
    await this.filterInput.press('Enter');
  }
}
