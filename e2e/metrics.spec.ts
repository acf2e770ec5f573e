import { expect, test } from '@playwright/test';
import { FlowsPage } from './pages/flows-page';
import { MetricsPage } from './pages/metrics-page';

test.describe('metrics pages', () => {
  test('drops tab shows live numbers that agree with the API, and reasons click through to flows', async ({
    page,
    request,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', err => errors.push(err.message));
    const metrics = new MetricsPage(page);
    await metrics.goto('tab=drops&window=15m');
    await expect(metrics.tab('Drops')).toHaveAttribute('aria-selected', 'true');
    await expect(metrics.windowChip('15 min')).toHaveAttribute('aria-pressed', 'true');
    await metrics.waitForBars();

    const api = (await (await request.get('/api/v1/metrics/drops?window=15m')).json()) as {
      total: number;
      byReason: Record<string, number>;
    };
    // Live data moves on between the two reads; the page total is within a refetch of the API's.
    const shown = await metrics.stat('drops-total');
    expect(Math.abs(shown - api.total)).toBeLessThanOrEqual(Math.max(20, api.total * 0.2));

    const byReason = metrics.table('By reason');
    const firstReason = byReason.getByRole('row').nth(1).getByRole('link');
    const reason = (await firstReason.innerText()).trim();
    expect(Object.keys(api.byReason)).toContain(reason);
    await firstReason.click();
    await expect(page).toHaveURL(/\/flows\?q=/);
    const flows = new FlowsPage(page);
    await expect(flows.filterInput).toHaveValue(`--verdict DROPPED --drop-reason ${reason}`);
    await flows.waitForRows();
    expect(new Set(await flows.renderedVerdicts())).toEqual(new Set(['DROPPED']));
    expect(errors).toEqual([]);
  });

  test('chart bars click through to the matching flows', async ({ page }) => {
    const metrics = new MetricsPage(page);
    await metrics.goto('tab=http&window=15m');
    await metrics.waitForBars();
    // Empty buckets draw zero-height bars: click the first visible one.
    await metrics.chart
      .locator('.recharts-bar-rectangle path')
      .filter({ visible: true })
      .first()
      .click();
    await expect(page).toHaveURL(/\/flows\?q=.*--protocol(%20|\+)http/);
  });

  test('DNS and HTTP tabs show rcodes, failing names, status codes and percentiles', async ({
    page,
  }) => {
    const metrics = new MetricsPage(page);
    await metrics.goto();
    await metrics.openTab('DNS');
    await expect(page).toHaveURL(/tab=dns/);
    await expect(metrics.table('Answers by rcode')).toContainText('NOERROR');
    await expect.poll(() => metrics.stat('dns-queries')).toBeGreaterThan(0);
    const failing = metrics.table('Top failing names').getByRole('link').first();
    await expect(failing).toHaveAttribute('href', /dns-query/);

    await metrics.openTab('HTTP');
    await expect(metrics.table('Responses by status')).toContainText('200');
    await expect(page.getByText('p50 / p95 / p99 ms')).toBeVisible();
    await expect(metrics.legendLinks.filter({ hasText: '2xx' })).toHaveAttribute(
      'href',
      /http-status%202%2B/,
    );
  });

  test('window picker changes the window without blanking the page', async ({ page }) => {
    const metrics = new MetricsPage(page);
    await metrics.goto('tab=drops&window=5m');
    await metrics.waitForBars();
    await metrics.windowChip('All').click();
    await expect(page).toHaveURL(/window=all/);
    // keepPreviousData: the chart stays mounted while the new window loads.
    await expect(metrics.chart).toBeVisible();
    await metrics.windowChip('1 hour').click();
    await expect(metrics.windowChip('1 hour')).toHaveAttribute('aria-pressed', 'true');
    await expect(metrics.chart).toBeVisible();
  });

  test('a filter narrows every number and a bad one is reported with the token', async ({
    page,
  }) => {
    const metrics = new MetricsPage(page);
    await metrics.goto('tab=drops&window=all');
    await metrics.filter.fill('--verdict DROPPED --drop-reason POLICY_DENIED');
    await metrics.filter.press('Enter');
    await expect(page).toHaveURL(/q=--verdict/);
    await expect(metrics.table('By reason').getByRole('row')).toHaveCount(2);
    await metrics.filter.fill('--verdikt DROPPED');
    await metrics.filter.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'not updated' })).toContainText(
      '--verdikt',
    );
  });
});
