import { expect, test } from '@playwright/test';
import { TriagePage } from './pages/triage-page';

// A second demo server (playwright.config.ts) runs the built-in cluster with a DNS SERVFAIL fault
// injected at a higher rate, so that faults and benign noise are in the window from the start.
const FAULTY = 'http://127.0.0.1:3108';

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
});

test.describe('triage home with a fault injected', () => {
  test.use({ baseURL: FAULTY });

  test('benign noise ranks below every other problem and says so', async ({ page, request }) => {
    // Link-layer noise drops are part of the simulated traffic; wait until one is in the window.
    await expect
      .poll(
        async () => {
          const res = await request.get('/api/v1/triage');
          const { problems } = (await res.json()) as { problems: { benign: boolean }[] };
          return problems.some(p => p.benign);
        },
        { timeout: 45_000, intervals: [1000] },
      )
      .toBe(true);
    const triage = new TriagePage(page);
    await triage.goto();
    await triage.waitForVerdict();
    const benign = page.locator('[data-testid="problem"]:has(.tag)');
    await expect(benign.first()).toContainText('usually harmless');
    const ids = await triage.problemIds();
    const benignIds = await benign.evaluateAll(els =>
      els.map(e => e.getAttribute('data-problem-id')),
    );
    expect(benignIds.length).toBeGreaterThan(0);
    expect(ids.slice(ids.length - benignIds.length)).toEqual(benignIds);
  });

  test('an injected DNS SERVFAIL fault is ranked first and links to DNS flows', async ({
    page,
  }) => {
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
