/**
 * Browser-side graph performance (issue 3, Performance): first render time and pan/zoom frame rate
 * of /graph in headless Chromium, on the built-in cluster scaled up with FLOWSCOPE_SIM_SCALE.
 *
 *   npx tsx bench/graph-render.ts [scales=500,2000] [rate]
 *
 * Without a rate the server picks its default for the scale (5 flows/s per workload, at most
 * 10,000: lib/server/env.ts), as `FLOWSCOPE_SIM_SCALE=500 npm run demo` does.
 *
 * Needs a production build (built here with `next build` when missing or older than the sources,
 * like scripts/demo.mjs). For each scale it starts `next start` on a loopback port, waits (bounded)
 * until /api/v1/graph has about the expected nodes and edges, then in Chromium
 * (/usr/bin/chromium or FLOWSCOPE_CHROMIUM):
 *
 * - render: from navigation start to the canvas holding the graph and its first layout painted,
 *   read from the canvas's `data-drawn-at` (performance.now() two frames after the layout; see
 *   components/service-graph/service-graph.tsx);
 * - fps: requestAnimationFrame callbacks per second while the mouse wheel-zooms and drag-pans the
 *   canvas for ~3 s, with the worst frame gap.
 *
 * Each scale is measured as the page shows it by default (above 600 nodes namespaces are collapsed:
 * level of detail) and, when that collapsed anything, in full detail (every namespace expanded, by
 * rewriting the page's graph requests), the worst case a user reaches by expanding. The page leaves
 * out the healthy edges of hub nodes by default (components/service-graph/hubs.ts); each view is
 * then also measured after ticking "All hub edges" (render = click to redrawn), the worst case
 * again. Figures go to bench/RESULTS.md by hand; nothing here is asserted.
 * FLOWSCOPE_BENCH_SHOTS=<dir> also saves a screenshot of each view.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch } from '../e2e/chromium';
import { buildIfStale } from '../scripts/build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const PORT = 3187;
const BASE = `http://127.0.0.1:${PORT}`;

interface GraphBody {
  nodes: { id: string; kind: string }[];
  edges: unknown[];
  lod: { collapsed: boolean; totalNodes: number };
}

interface Measure {
  scale: number;
  view: 'default' | 'one namespace expanded' | 'full detail';
  apiNodes: number;
  apiEdges: number;
  shownNodes: number;
  shownEdges: number;
  /** Namespace-to-namespace lines drawn instead of the workload edges when zoomed out (0 = none). */
  metaEdges: number;
  collapsed: boolean;
  renderMs: number;
  fps: number;
  worstFrameMs: number;
  /** After ticking "All hub edges" (absent when no edge was left out). */
  allEdges?: { edges: string | undefined; renderMs: number; fps: number; worstFrameMs: number };
}

// ---------------------------------------------------------------------------------------------
// Build and server

function ensureBuild(): void {
  if (!buildIfStale()) throw new Error('next build failed');
}

async function startServer(scale: number, rate: number | undefined): Promise<ChildProcess> {
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      HOSTNAME: '127.0.0.1',
      PORT: String(PORT),
      FLOWSCOPE_SOURCE: 'sim',
      FLOWSCOPE_SIM_SCALE: String(scale),
      ...(rate !== undefined ? { FLOWSCOPE_SIM_RATE: String(rate) } : {}),
    },
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${BASE}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error('server did not become ready within 60 s');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function graph(expand: string[] = []): Promise<GraphBody> {
  const q = expand.length > 0 ? `?expand=${expand.join(',')}` : '';
  const res = await fetch(`${BASE}/api/v1/graph${q}`);
  if (!res.ok) throw new Error(`/api/v1/graph: HTTP ${res.status}`);
  return (await res.json()) as GraphBody;
}

/** Namespaces of the collapsed graph (its `ns:` nodes). */
const collapsedNamespaces = (g: GraphBody) =>
  g.nodes.filter(n => n.id.startsWith('ns:')).map(n => n.id.slice(3));

/**
 * Waits (at most `maxMs`) until the full graph has `scale` workload nodes and about the expected
 * edges (~5 per workload), or stops growing; returns the namespaces to expand.
 */
async function waitForGraph(scale: number, maxMs: number): Promise<string[]> {
  const t0 = Date.now();
  let last = -1;
  let still = 0;
  for (;;) {
    const collapsed = await graph();
    const namespaces = collapsedNamespaces(collapsed);
    const full = namespaces.length > 0 ? await graph(namespaces) : collapsed;
    const edges = full.edges.length;
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    console.log(
      `  ${secs}s: ${full.nodes.length} nodes, ${edges} edges (${collapsed.nodes.length} nodes shown by default)`,
    );
    still = edges === last ? still + 1 : 0;
    last = edges;
    if (
      (full.nodes.length >= scale && edges >= scale * 4.8) ||
      still >= 3 ||
      Date.now() - t0 > maxMs
    ) {
      return namespaces;
    }
    await sleep(5_000);
  }
}

// ---------------------------------------------------------------------------------------------
// Browser

async function measure(
  browser: Browser,
  scale: number,
  view: Measure['view'],
  expand: string[],
): Promise<Measure> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  if (expand.length > 0) {
    // Full detail: the page's snapshot and stream requests ask for every namespace expanded.
    await page.route(/\/api\/v1\/graph(\/stream)?\?|\/api\/v1\/graph(\/stream)?$/, route => {
      const url = new URL(route.request().url());
      url.searchParams.set('expand', expand.join(','));
      return route.continue({ url: url.toString() });
    });
  }
  const snapshot = page.waitForResponse(r => new URL(r.url()).pathname === '/api/v1/graph', {
    timeout: 60_000,
  });
  await page.goto(`${BASE}/graph`, { waitUntil: 'commit' });
  const body = (await (await snapshot).json()) as GraphBody;
  const canvas = page.getByTestId('graph-canvas');
  // First drawn state holding the snapshot's nodes (namespace boxes come on top of them; the
  // healthy edges of hub nodes are not drawn by default, see components/service-graph/hubs.ts).
  await page.waitForFunction(
    nodes => {
      const el = document.querySelector<HTMLElement>('[data-testid="graph-canvas"]');
      return !!el?.dataset.drawnAt && Number(el.dataset.nodes) >= nodes;
    },
    body.nodes.length,
    { timeout: 60_000, polling: 50 },
  );
  const data = await canvas.evaluate((el: HTMLElement) => ({ ...el.dataset }));
  const renderMs = Number(data.drawnAt);
  await sleep(500);
  const shots = process.env.FLOWSCOPE_BENCH_SHOTS;
  if (shots) {
    const name = `graph-${scale}-${view.replaceAll(' ', '-')}.png`;
    await page.screenshot({ path: path.join(shots, name) });
  }
  const { fps, worstFrameMs } = await panZoom(page);
  let allEdges: Measure['allEdges'];
  if (Number(data.edges) < body.edges.length) {
    const clickedAt = (await page.evaluate('performance.now()')) as number;
    await page.getByLabel('All hub edges').check();
    // Redrawn after the click with the hub banner gone (a semantic-zoom graph zoomed out draws
    // namespace lines, so its workload edge count need not reach the API's).
    await page.waitForFunction(
      after => {
        const el = document.querySelector<HTMLElement>('[data-testid="graph-canvas"]');
        return (
          Number(el?.dataset.drawnAt) > after &&
          document.querySelector('[data-testid="graph-hubs"]') === null
        );
      },
      clickedAt,
      { timeout: 60_000, polling: 50 },
    );
    await sleep(200);
    const after = await canvas.evaluate((el: HTMLElement) => ({ ...el.dataset }));
    if (shots) {
      const name = `graph-${scale}-${view.replaceAll(' ', '-')}-all-edges.png`;
      await page.screenshot({ path: path.join(shots, name) });
    }
    const pz = await panZoom(page);
    allEdges = {
      edges: after.far === 'true' ? `${after.metaEdges} namespace lines` : after.edges,
      renderMs: Math.round(Number(after.drawnAt) - clickedAt),
      ...pz,
    };
  }
  await context.close();
  return {
    scale,
    view,
    apiNodes: body.lod.totalNodes,
    apiEdges: body.edges.length,
    shownNodes: Number(data.nodes),
    shownEdges: Number(data.edges),
    metaEdges: data.far === 'true' ? Number(data.metaEdges) : 0,
    collapsed: body.lod.collapsed,
    renderMs,
    fps,
    worstFrameMs,
    allEdges,
  };
}

/** Wheel-zooms and drag-pans the canvas for ~3 s while counting animation frames. */
async function panZoom(page: Page): Promise<{ fps: number; worstFrameMs: number }> {
  const box = await page.getByTestId('graph-canvas').boundingBox();
  if (!box) throw new Error('no graph canvas');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // A string, not a function: tsx's keep-names helper (`__name`) does not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__counting = true;
    const tick = t => {
      window.__frames.push(t);
      if (window.__counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const t0 = Date.now();
  let i = 0;
  while (Date.now() - t0 < 3_000) {
    if (i % 2 === 0) {
      // Zoom in then out around the centre.
      await page.mouse.move(cx, cy);
      for (let k = 0; k < 6; k++) await page.mouse.wheel(0, i % 4 === 0 ? -120 : 120);
    } else {
      // Drag-pan in a closed loop, grabbing the background: the first layout is fitted with 30 px
      // of padding, so the canvas corner is empty (a drag from a node would move the node).
      const sx = box.x + 12;
      const sy = box.y + 12;
      await page.mouse.move(sx, sy);
      await page.mouse.down();
      for (let k = 1; k <= 10; k++) {
        const a = (k / 10) * Math.PI * 2;
        await page.mouse.move(sx + Math.sin(a) * 150, sy + (1 - Math.cos(a)) * 100);
      }
      await page.mouse.up();
    }
    i++;
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __counting: boolean };
    w.__counting = false;
    return w.__frames;
  });
  const span = (frames.at(-1) ?? 0) - (frames[0] ?? 0);
  let worst = 0;
  for (let k = 1; k < frames.length; k++)
    worst = Math.max(worst, (frames[k] as number) - (frames[k - 1] as number));
  return {
    fps: span > 0 ? ((frames.length - 1) * 1000) / span : 0,
    worstFrameMs: Math.round(worst),
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const scales = (process.argv[2] ?? '500,2000').split(',').map(Number);
  const rate = process.argv[3] !== undefined ? Number(process.argv[3]) : undefined;
  ensureBuild();
  const browser = await chromium.launch(chromiumLaunch);
  const chromiumVersion = browser.version();
  const results: Measure[] = [];
  try {
    for (const scale of scales) {
      console.log(
        `scale ${scale}: starting the built-in cluster at ${rate ?? 'the default'} flows/s…`,
      );
      const server = await startServer(scale, rate);
      try {
        const namespaces = await waitForGraph(scale, 120_000);
        const byDefault = await measure(browser, scale, 'default', []);
        results.push(byDefault);
        if (byDefault.collapsed) {
          // The first namespace in the API's (alphabetical) order.
          results.push(
            await measure(browser, scale, 'one namespace expanded', namespaces.slice(0, 1)),
          );
          results.push(await measure(browser, scale, 'full detail', namespaces));
        }
      } finally {
        await stopServer(server);
      }
    }
  } finally {
    await browser.close();
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\n${new Date().toISOString().slice(0, 10)} — ${os.cpus().length} × ${cpu}, Node ${process.version}, ` +
      `Chromium ${chromiumVersion}, load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  console.log(
    '\n| workloads | view | API nodes before LOD / edges after | canvas nodes / edges drawn | first render | pan/zoom fps | worst frame |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const view = `${r.view}${r.collapsed ? ' (namespaces collapsed)' : ''}`;
    console.log(
      `| ${r.scale} | ${view} | ${r.apiNodes} / ${r.apiEdges} | ` +
        `${r.shownNodes} / ${r.metaEdges > 0 ? `${r.metaEdges} namespace lines (workload edges from the first zoom-in)` : r.shownEdges} | ` +
        `${r.renderMs} ms | ${r.fps.toFixed(0)} | ${r.worstFrameMs} ms |`,
    );
    const a = r.allEdges;
    if (a) {
      console.log(
        `| ${r.scale} | ${view}, all hub edges | | ${r.shownNodes} / ${a.edges} | ${a.renderMs} ms after the click | ` +
          `${a.fps.toFixed(0)} | ${a.worstFrameMs} ms |`,
      );
    }
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
