import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './e2e/chromium';

/**
 * E2E against the real app: `node scripts/demo.mjs` builds if needed and runs `next start` on the
 * built-in simulated cluster (real gRPC, FLOWSCOPE_SOURCE=sim), so no Kubernetes is needed.
 * Browser: Debian's Chromium (scripts/e2e.mjs checks it exists), not a Playwright download.
 */
const PORT = 3107;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const CI = !!process.env.CI;

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  forbidOnly: CI,
  retries: CI ? 2 : 0,
  // Three next-start servers and a 2-core budget: parallel browsers only add flakiness.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  outputDir: 'test-results',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    trace: 'on-first-retry',
    launchOptions: chromiumLaunch,
  },
  webServer: [
    {
      command: 'node scripts/demo.mjs',
      url: `${BASE_URL}/readyz`,
      timeout: 240_000,
      reuseExistingServer: !CI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(PORT),
        HOSTNAME: '127.0.0.1',
        FLOWSCOPE_SIM_RATE: '40',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    // Started after the first (which builds): the same build on the built-in cluster with a DNS
    // SERVFAIL fault injected, for the triage tests that need a known fault in the window.
    {
      command: 'node scripts/start.mjs',
      url: 'http://127.0.0.1:3108/readyz',
      timeout: 120_000,
      reuseExistingServer: !CI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: '3108',
        HOSTNAME: '127.0.0.1',
        FLOWSCOPE_SOURCE: 'sim',
        FLOWSCOPE_SIM_RATE: '200',
        FLOWSCOPE_SIM_FAULTS: 'dns-servfail',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    // The built-in cluster scaled up to 450 workloads (a big graph drawn in full detail: namespace
    // frames, hub edges left out), at a low rate: its pre-filled history covers the graph.
    {
      command: 'node scripts/start.mjs',
      url: 'http://127.0.0.1:3109/readyz',
      timeout: 120_000,
      reuseExistingServer: !CI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: '3109',
        HOSTNAME: '127.0.0.1',
        FLOWSCOPE_SOURCE: 'sim',
        FLOWSCOPE_SIM_SCALE: '450',
        FLOWSCOPE_SIM_RATE: '300',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
