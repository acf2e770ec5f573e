/**
 * Locates and reads the shared `hubble observe -o jsonpb` sample files (shared/samples/hubble).
 * Used by tests and benchmarks only; the shared/ checkout is a sibling of the repository both locally
 * and in CI, and FLOWSCOPE_SAMPLES_DIR overrides the location.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the directory holding the `*.jsonl` samples. */
export function samplesDir(): string {
  const override = process.env.FLOWSCOPE_SAMPLES_DIR;
  if (override) return path.resolve(override);
  // lib/hubble -> repo root -> sibling shared/
  return path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../shared/samples/hubble',
  );
}

export interface SampleFile {
  name: string;
  /** Non-empty lines, as in the file. */
  lines: string[];
}

/** Reads every `*.jsonl` sample file, sorted by name. Throws when the directory has none. */
export function readSampleFiles(dir: string = samplesDir()): SampleFile[] {
  const names = fs
    .readdirSync(dir)
    .filter(n => n.endsWith('.jsonl'))
    .sort();
  if (names.length === 0) throw new Error(`no *.jsonl samples in ${dir}`);
  return names.map(name => ({
    name,
    lines: fs
      .readFileSync(path.join(dir, name), 'utf8')
      .split('\n')
      .filter(l => l.trim() !== ''),
  }));
}

/** Lines of one sample file by (unique) name fragment, e.g. `2-drops`. */
export function readSampleLines(fragment: string, dir: string = samplesDir()): string[] {
  const hits = readSampleFiles(dir).filter(f => f.name.includes(fragment));
  if (hits.length !== 1) throw new Error(`sample '${fragment}' matched ${hits.length} files`);
  return hits[0]!.lines;
}
