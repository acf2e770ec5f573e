#!/usr/bin/env node
// Runs the Playwright e2e suite (playwright.config.ts) in Debian's Chromium. Checks the browser
// first so a missing Chromium fails in one clear line instead of a Playwright stack trace; extra
// arguments are passed through (e.g. `npm run e2e -- -g "pause"`).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.FLOWSCOPE_CHROMIUM ?? '/usr/bin/chromium';

try {
  accessSync(chromium, constants.X_OK);
} catch {
  console.error(
    `e2e: Chromium not found at ${chromium}.\n` +
      '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
      '  Or point FLOWSCOPE_CHROMIUM at another Chromium/Chrome binary.',
  );
  process.exit(1);
}

const child = spawn(
  'npx',
  ['playwright', 'test', '-c', path.join(root, 'playwright.config.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FLOWSCOPE_CHROMIUM: chromium } },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
