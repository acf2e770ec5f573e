import { expect, type Locator, type Page } from '@playwright/test';

export type MetricsTabName = 'Drops' | 'DNS' | 'HTTP';

/** Page object for /metrics: tabs, window chips, the stacked chart and the breakdown tables. */
export class MetricsPage {
  readonly heading: Locator;
  readonly tabs: Locator;
  readonly panel: Locator;
  readonly chart: Locator;
  readonly legendLinks: Locator;
  readonly windowGroup: Locator;
  readonly filter: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Metrics', level: 1 });
    this.tabs = page.getByRole('tablist', { name: 'Metrics' });
    this.panel = page.getByRole('tabpanel');
    this.chart = page.getByTestId('stacked-chart');
    this.legendLinks = page.getByTestId('legend-link');
    this.windowGroup = page.getByRole('group', { name: 'Time window' });
    this.filter = page.getByRole('textbox', { name: 'Filter' });
  }

  async goto(params = '') {
    await this.page.goto(`/metrics${params ? `?${params}` : ''}`);
    await expect(this.heading).toBeVisible();
  }

  tab(name: MetricsTabName): Locator {
    return this.tabs.getByRole('tab', { name });
  }

  async openTab(name: MetricsTabName) {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  windowChip(label: string): Locator {
    return this.windowGroup.getByRole('button', { name: label });
  }

  /** A breakdown table by its title (each is a region named after it). */
  table(title: string): Locator {
    return this.page.getByRole('region', { name: title });
  }

  /** Number shown on a headline card. */
  async stat(testId: string): Promise<number> {
    const text = await this.page.getByTestId(testId).locator('.value').innerText();
    return Number(text.replace(/[^\d.]/g, ''));
  }

  /** Waits for the chart to have drawn bars. */
  async waitForBars() {
    await expect
      .poll(() => this.chart.locator('.recharts-bar-rectangle').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
  }
}
