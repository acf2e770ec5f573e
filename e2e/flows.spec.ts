import { expect, test } from '@playwright/test';
import { FlowsPage } from './pages/flows-page';

test.describe('live flows', () => {
  test('flows appear and keep arriving', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    await flows.waitForRows();
    const before = await flows.rowCount();
    const top = await flows.firstRowText();
    // The sim runs at 40 flows/s; the table commits every 250 ms.
    await expect.poll(() => flows.rowCount()).toBeGreaterThan(before);
    await expect.poll(() => flows.firstRowText()).not.toBe(top);
    await expect(page.getByTestId('flow-rate')).toContainText(/[1-9][\d.,]* flows\/s/);
  });

  test('connection state shows connected', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    await expect(flows.relayState).toHaveAttribute('data-state', 'connected');
    await expect(flows.relayState).toContainText('Connected to');
  });

  test('--verdict DROPPED shows only DROPPED rows and is kept in the URL', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    await flows.waitForRows();
    await flows.applyFilter('--verdict DROPPED');
    await expect(page).toHaveURL(/[?&]q=--verdict(\+|%20)DROPPED/);
    await flows.waitForRows();
    const verdicts = await flows.renderedVerdicts();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(new Set(verdicts)).toEqual(new Set(['DROPPED']));
    // A reload restores the filter from ?q=.
    await page.reload();
    await expect(flows.filterInput).toHaveValue('--verdict DROPPED');
    await flows.waitForRows();
    expect(new Set(await flows.renderedVerdicts())).toEqual(new Set(['DROPPED']));
  });

  test('a broken filter shows the server error naming the token and keeps the rows', async ({
    page,
  }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    await flows.waitForRows();
    await flows.applyFilter('--verdict NOPE');
    await expect(flows.filterError).toContainText('NOPE');
    await expect(flows.filterInput).toHaveAttribute('aria-invalid', 'true');
    expect(await flows.rowCount()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    // Still streaming with the previous (empty) filter.
    const top = await flows.firstRowText();
    await expect.poll(() => flows.firstRowText()).not.toBe(top);
  });

  test('a broken filter in the URL falls back to all flows with the error shown', async ({
    page,
  }) => {
    const flows = new FlowsPage(page);
    await flows.goto('--verdict NOPE');
    await expect(flows.filterError).toContainText('NOPE');
    await expect(flows.filterInput).toHaveValue('--verdict NOPE');
    await flows.waitForRows();
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
  });

  test('a filter that matches nothing says so and offers to clear it', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.goto('--namespace e2e-no-such-namespace');
    await expect(page.getByTestId('flows-empty')).toContainText('No flows match');
    await page.getByRole('button', { name: 'Clear filter' }).click();
    await flows.waitForRows();
    await expect(flows.filterInput).toHaveValue('');
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
  });

  test('pause freezes the table while counting arrivals; resume continues', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    await flows.waitForRows();
    await flows.pauseButton.click();
    await expect(flows.resumeButton).toBeVisible();
    const frozenCount = await flows.rowCount();
    const frozenTop = await flows.firstRowText();
    await expect(flows.newWhilePaused).toContainText(/[1-9][\d,]* new flows/);
    await page.waitForTimeout(1_000);
    expect(await flows.rowCount()).toBe(frozenCount);
    expect(await flows.firstRowText()).toBe(frozenTop);
    await flows.resumeButton.click();
    await expect(flows.pauseButton).toBeVisible();
    await expect.poll(() => flows.firstRowText()).not.toBe(frozenTop);
  });

  test('clicking a row opens the details drawer with that flow', async ({ page }) => {
    const flows = new FlowsPage(page);
    await flows.goto();
    await flows.waitForRows();
    await flows.pauseButton.click(); // stop rows moving under the pointer
    const row = flows.bodyRows.first();
    const time = (await row.getByRole('cell').first().innerText()).trim();
    await row.click();
    await expect(flows.drawer).toBeVisible();
    await expect(flows.drawer).toContainText(time);
    for (const section of ['Source', 'Destination']) {
      await expect(flows.drawer.getByRole('region', { name: section })).toBeVisible();
    }
    await page.keyboard.press('Escape');
    await expect(flows.drawer).toBeHidden();
  });
});

test.describe('app shell', () => {
  test('home shows the connection and links to flows, without console errors', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', msg => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', err => errors.push(err.message));
    await page.goto('/');
    await expect(page.getByTestId('relay-state')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('nodes')).toContainText('/');
    await page
      .getByRole('navigation', { name: 'Main', exact: true })
      .getByRole('link', { name: 'Flows', exact: true })
      .click();
    await expect(page).toHaveURL(/\/flows$/);
    await new FlowsPage(page).waitForRows();
    expect(errors).toEqual([]);
  });

  test('dark/light toggle switches theme and persists across reloads', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    const toggle = new FlowsPage(page).themeToggle;
    await expect(toggle).toHaveAccessibleName('Switch to dark theme');
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background()).not.toBe(light);
    await page.reload();
    // Applied by theme-init.js before first paint, i.e. before any app script ran.
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(toggle).toHaveAccessibleName('Switch to light theme');
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await background()).toBe(light);
  });
});
