import { expect, test } from '@playwright/test';
import { TriagePage } from './pages/triage-page';

// The lead runs e2e on the built-in cluster; with FLOWSCOPE_SIM_FAULTS=dns-servfail in the server's
// environment the fault test below checks the injected fault is ranked first.
const FAULT = process.env.FLOWSCOPE_SIM_FAULTS ?? '';

test.describe('triage home', () => {
  test('shows the connection strip and a ranked list (or the empty state) with links', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', err => errors.push(err.message));
    const triage = new TriagePage(page);
    await triage.goto();
    await expect(triage.relayState).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('nodes')).toContainText('/');
    await triage.waitForVerdict();
    if ((await triage.problems.count()) === 0) {
      await expect(triage.nothingBroken).toContainText('Nothing broken right now');
      await expect(triage.nothingBroken).toContainText('Watching');
      return;
    }
    const first = triage.problem(0);
    await expect(first.getByText('Impact')).toBeVisible();
    await expect(first.getByText('Since')).toBeVisible();
    await expect(first.getByText('Change')).toBeVisible();
    // Impact carries units; since carries a zone.
    await expect(first.getByTestId('impact')).toContainText(/%/);
    await expect(triage.link(first, 'Matching flows')).toHaveAttribute('href', /^\/flows/);
    await expect(triage.link(first, 'Graph')).toHaveAttribute('href', /^\/graph\?window=/);
    await expect(triage.link(first, 'Metrics')).toHaveAttribute('href', /^\/metrics\?tab=/);
    expect(errors).toEqual([]);
  });

  test('benign noise ranks below every other problem and says so', async ({ page }) => {
    const triage = new TriagePage(page);
    await triage.goto();
    await triage.waitForVerdict();
    const benign = page.locator('[data-testid="problem"]:has(.tag)');
    const n = await benign.count();
    test.skip(n === 0, 'no benign noise in the window');
    await expect(benign.first()).toContainText('usually harmless');
    const ids = await triage.problemIds();
    const benignIds = await benign.evaluateAll(els =>
      els.map(e => e.getAttribute('data-problem-id')),
    );
    expect(ids.slice(ids.length - benignIds.length)).toEqual(benignIds);
  });

  test('an injected DNS SERVFAIL fault is ranked first and links to DNS flows', async ({
    page,
  }) => {
    test.skip(
      !FAULT.includes('dns-servfail'),
      'server not started with FLOWSCOPE_SIM_FAULTS=dns-servfail',
    );
    const triage = new TriagePage(page);
    await triage.goto();
    await expect(triage.problem(0)).toHaveAttribute('data-problem-id', 'dns:SERVFAIL', {
      timeout: 30_000,
    });
    await expect(triage.problem(0)).toHaveAttribute('data-severity', 'critical');
    await triage.link(triage.problem(0), 'Matching flows').click();
    await expect(page).toHaveURL(/\/flows\?q=--protocol(%20|\+)dns/);
  });
});
