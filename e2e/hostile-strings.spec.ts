import { expect, test, type Page } from '@playwright/test';
import type { FlowRecord } from '@/lib/model/flow-record';
import { FlowsPage } from './pages/flows-page';

/** Every string in a flow is attacker-controlled (pod names, URLs, DNS names): it must stay text. */
const HOSTILE_POD = '<img src=x onerror="window.__pwned=1;alert(1)">';
const HOSTILE_URL = 'http://shop/<script>window.__pwned=2</script>';
const HOSTILE_NAME = '"><svg onload="window.__pwned=3">';

/** Fails the test if any markup from a flow executed or became an element. */
async function expectNothingExecuted(page: Page, dialogs: string[]) {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  // The app renders no images, SVG or scripts inside <main>: any there came from flow strings.
  await expect(page.locator('main').locator('img, svg, script')).toHaveCount(0);
  await expect(page.locator('[onerror], [onload]')).toHaveCount(0);
}

function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', d => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

test('hostile strings in a flow render as text in the table and the drawer', async ({ page }) => {
  // Front-end check independent of the simulator: one real flow from the server, with hostile
  // strings put into its pod name, URL and DNS names, is served as the newest backfilled flow. The
  // live stream is blocked so the row stays on top.
  await page.route('**/api/v1/flows/stream**', route => route.fulfill({ status: 503, body: '' }));
  await page.route(
    url => url.pathname === '/api/v1/flows' && url.searchParams.get('limit') !== '1',
    async route => {
      const response = await route.fetch();
      const body = (await response.json()) as { flows: FlowRecord[] };
      const base = body.flows[0];
      // The demo backfills the built-in cluster's history, so there is always a flow to build on.
      expect(base, 'the server returned no flows to build on').toBeDefined();
      if (!base) return;
      const hostile: FlowRecord = {
        ...base,
        id: 'e2e-hostile',
        timeMs: Date.now() + 60_000,
        src: { ...base.src, namespace: 'shop', pod: HOSTILE_POD },
        dst: { ...base.dst, names: [HOSTILE_NAME], pod: '', ip: '203.0.113.7' },
        l7: {
          type: 'RESPONSE',
          latencyNs: 12_000_000,
          http: { method: 'GET', url: HOSTILE_URL, code: 500, protocol: 'HTTP/1.1' },
          dns: null,
          kafkaTopic: null,
        },
      };
      await route.fulfill({ response, json: { ...body, flows: [hostile, ...body.flows] } });
    },
  );
  const dialogs = watchDialogs(page);
  const flows = new FlowsPage(page);
  await flows.goto();
  await flows.waitForRows();

  const row = flows.bodyRows.first();
  await expect(row).toContainText(`shop/${HOSTILE_POD}`);
  await expect(row).toContainText(HOSTILE_NAME);
  await expect(row).toContainText('<script>window.__pwned=2</script>');
  await row.click();
  await expect(flows.drawer).toContainText(HOSTILE_POD);
  await expect(flows.drawer).toContainText(HOSTILE_URL);
  await expectNothingExecuted(page, dialogs);
});

test('hostile strings sent by the simulator render as text', async ({ page, request }) => {
  // The built-in cluster's Internet scanners put markup in front-end URLs now and then.
  const markup = /<[a-z!/]/i;
  let found: { f: FlowRecord; text: string } | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/v1/flows?limit=20000&q=--http-method%20GET');
        const { flows } = (await res.json()) as { flows: FlowRecord[] };
        for (const f of flows) {
          const text = f.l7?.http?.url ?? '';
          if (markup.test(text)) {
            found = { f, text };
            break;
          }
        }
        return found !== undefined;
      },
      { timeout: 30_000, intervals: [1000] },
    )
    .toBe(true);
  if (!found) return;

  // Narrow the table to the scanned front-end pod so the probe's row is among the rendered ones.
  const side = found.f.dst.pod !== '' ? found.f.dst : found.f.src;
  const dialogs = watchDialogs(page);
  const page_ = new FlowsPage(page);
  await page_.goto(`--pod ${side.namespace}/${side.pod} --http-method GET`);
  await page_.waitForRows();
  // The L7 column shows the path; the markup must be there as literal text.
  const path = found.text.replace(/^[a-z]+:\/\/[^/]+/i, '');
  await expect(page.getByText(path, { exact: false }).first()).toBeAttached();
  await expectNothingExecuted(page, dialogs);
});
