import { chromium } from '@playwright/test';
const BASE = 'http://127.0.0.1:3187';
async function main() {
  const g = await (await fetch(`${BASE}/api/v1/graph`)).json() as { nodes: { id: string }[] };
  const ns = g.nodes.filter(n => n.id.startsWith('ns:')).map(n => n.id.slice(3));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  if (process.argv[2] !== 'default')
  await page.route(/\/api\/v1\/graph(\/stream)?(\?|$)/, route => {
    const url = new URL(route.request().url());
    url.searchParams.set('expand', ns.join(','));
    return route.continue({ url: url.toString() });
  });
  page.on('console', m => console.log('console:', m.text()));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  await page.goto(`${BASE}/graph`);
  await page.waitForFunction((min) => Number(document.querySelector<HTMLElement>('[data-testid="graph-canvas"]')?.dataset.nodes) > min, Number(process.argv[4] ?? 300), { timeout: 60000, polling: 50 });
  const drawn = await page.evaluate('document.querySelector("[data-testid=graph-canvas]").dataset.drawnAt');
  console.log('drawnAt', drawn);
  const phase = process.argv[3] ?? 'render';
  if (phase === 'pan') {
    await cdp.send('Profiler.stop');
    await cdp.send('Profiler.start');
    const box = (await page.getByTestId('graph-canvas').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const t0 = Date.now();
    while (Date.now() - t0 < 3000) {
      await page.mouse.move(cx, cy); await page.mouse.down();
      for (let k = 1; k <= 10; k++) await page.mouse.move(cx + Math.cos(k / 10 * 6.28) * 120, cy + Math.sin(k / 10 * 6.28) * 80);
      await page.mouse.up();
      for (let k = 0; k < 6; k++) await page.mouse.wheel(0, k % 2 ? 120 : -120);
    }
  }
  const { profile } = await cdp.send('Profiler.stop') as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
  const self = new Map<number, number>();
  profile.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
    byFn.set(k, (byFn.get(k) ?? 0) + (self.get(n.id) ?? 0));
  }
  const total = [...byFn.values()].reduce((a, b) => a + b, 0);
  console.log('total ms', (total / 1000).toFixed(0));
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(0).padStart(6), k);
  await browser.close();
}
main();
