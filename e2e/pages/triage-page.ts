import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the triage home (/): ranked problems or the "nothing broken" state. */
export class TriagePage {
  readonly heading: Locator;
  readonly list: Locator;
  readonly problems: Locator;
  readonly nothingBroken: Locator;
  readonly relayState: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'What is broken right now', level: 1 });
    this.list = page.getByRole('list', { name: 'Current problems' });
    this.problems = page.getByTestId('problem');
    this.nothingBroken = page.getByTestId('nothing-broken');
    this.relayState = page.getByTestId('relay-state');
  }

  async goto() {
    await this.page.goto('/');
    await expect(this.heading).toBeVisible();
  }

  /** Waits until either the ranked list or the empty state is shown. */
  async waitForVerdict() {
    await expect(this.list.or(this.nothingBroken).first()).toBeVisible({ timeout: 30_000 });
  }

  problem(index: number): Locator {
    return this.problems.nth(index);
  }

  async problemIds(): Promise<string[]> {
    return this.problems.evaluateAll(els => els.map(e => e.getAttribute('data-problem-id') ?? ''));
  }

  link(problem: Locator, name: 'Matching flows' | 'Graph' | 'Metrics'): Locator {
    return problem.getByRole('link', { name });
  }
}
