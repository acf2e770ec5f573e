// `next build` when the sources changed since the last build (or there is none): shared by
// `npm run demo` and bench/graph-render.ts, so both rebuild on the same inputs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** What a production build is made from; a file newer than `.next/BUILD_ID` means rebuild. */
const INPUTS = [
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

/** Builds if needed; returns false (after next's own output) when the build failed. */
export function buildIfStale() {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const changedAt = Math.max(...INPUTS.map(p => newestMtime(path.join(root, p))));
  if (changedAt <= builtAt) return true;
  console.log(
    builtAt
      ? 'flowscope: sources changed since the last build; rebuilding…'
      : 'flowscope: first run; building (about a minute)…',
  );
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } },
  );
  return r.status === 0;
}
