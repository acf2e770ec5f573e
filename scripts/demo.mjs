// `npm run demo`: builds if the sources changed since the last build, then serves the dashboard wired
// to the built-in simulated cluster (a loopback gRPC server speaking the Hubble Relay API, dialled by
// the same client code as a real Relay).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { root, serve } from './serve.mjs';

const inputs = [
  'app',
  'components',
  'lib',
  'proto/gen',
  'next.config.ts',
  'package.json',
  'package-lock.json',
  'instrumentation.ts',
  'proxy.ts',
  'tsconfig.json',
];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

const buildId = path.join(root, '.next', 'BUILD_ID');
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
const changedAt = Math.max(...inputs.map(p => newestMtime(path.join(root, p))));
if (changedAt > builtAt) {
  console.log(
    builtAt
      ? 'flowscope: sources changed since the last build; rebuilding…'
      : 'flowscope: first run; building (about a minute)…',
  );
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (r.status !== 0) {
    console.error('flowscope: build failed (see above).');
    process.exit(r.status ?? 1);
  }
}

serve({ FLOWSCOPE_SOURCE: process.env.FLOWSCOPE_SOURCE || 'sim' });
