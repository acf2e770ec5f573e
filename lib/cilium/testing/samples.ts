/**
 * Locates the shared Cilium samples (shared/samples/cilium, read-only) for tests. The shared/ checkout
 * is a sibling of the repository; FLOWSCOPE_CILIUM_SAMPLES_DIR overrides the location.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of shared/samples/cilium. */
export function ciliumSamplesDir(): string {
  const override = process.env.FLOWSCOPE_CILIUM_SAMPLES_DIR;
  if (override) return path.resolve(override);
  // lib/cilium/testing -> repo root -> sibling shared/
  return path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../../shared/samples/cilium',
  );
}

/** Text of one sample file. */
export function readCiliumSample(name: string): string {
  return fs.readFileSync(path.join(ciliumSamplesDir(), name), 'utf8');
}

/** Sample file names matching `re`, sorted. */
export function listCiliumSamples(re: RegExp): string[] {
  return fs
    .readdirSync(ciliumSamplesDir())
    .filter(n => re.test(n))
    .sort();
}
