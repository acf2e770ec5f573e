/**
 * How Flowscope drives Chromium headless (e2e in playwright.config.ts and bench/graph-render.ts):
 * Debian's package, no Playwright download, and the flags a sandbox-less CI machine needs.
 */
import type { LaunchOptions } from '@playwright/test';

export const chromiumLaunch: LaunchOptions = {
  executablePath: process.env.FLOWSCOPE_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-quic',
    '--no-first-run',
    '--disable-sync',
  ],
};
