// Shared launcher for `npm start` and `npm run demo`: resolves PORT/HOSTNAME the way users expect,
// makes exposure safe by default, and runs `next start` as a child so signals and exit codes pass through.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

/** True when HOSTNAME binds only to the loopback interface. */
export function isLoopback(host) {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Starts the built dashboard. Defaults to 127.0.0.1 so a laptop run is never exposed by accident; in a
 * cluster the manifests set HOSTNAME=0.0.0.0, and then authentication is required: if no password is
 * configured one is generated and printed once (like Jupyter's token), so exposure is never open.
 */
export function serve(extraEnv = {}) {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.error(
      'flowscope: no production build found. Run `npm run build` first (or `npm run demo`, which builds).',
    );
    process.exit(1);
  }
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extraEnv };
  env.PORT = env.PORT || '3000';
  env.HOSTNAME = env.HOSTNAME || '127.0.0.1';
  if (!/^\d+$/.test(env.PORT) || Number(env.PORT) < 1 || Number(env.PORT) > 65535) {
    console.error(`flowscope: PORT must be a number from 1 to 65535, got "${env.PORT}".`);
    process.exit(1);
  }
  const authOff = (env.FLOWSCOPE_AUTH || '').toLowerCase() === 'off';
  if (!isLoopback(env.HOSTNAME) && !authOff && !env.FLOWSCOPE_AUTH_PASSWORD) {
    env.FLOWSCOPE_AUTH_PASSWORD = randomBytes(18).toString('base64url');
    const user = env.FLOWSCOPE_AUTH_USER || 'flowscope';
    console.log(
      `flowscope: bound to ${env.HOSTNAME}, so authentication is on. No FLOWSCOPE_AUTH_PASSWORD was set;\n` +
        `  generated one for this run:  user "${user}"  password "${env.FLOWSCOPE_AUTH_PASSWORD}"`,
    );
  }
  const shown = env.HOSTNAME === '127.0.0.1' || env.HOSTNAME === '::1' ? 'localhost' : env.HOSTNAME;
  console.log(`flowscope: starting on http://${shown}:${env.PORT} (bind ${env.HOSTNAME})`);
  const child = spawn(process.execPath, [nextBin, 'start', '-p', env.PORT, '-H', env.HOSTNAME], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => child.kill(sig));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
