/**
 * Golden files (Kiali's graph/api/testdata pattern): each real sample in, the graph and metrics for the
 * `all` window out, compared with lib/aggregate/testdata/<sample>.{graph,metrics}.expected.json.
 * Regenerate on purpose only, then review the diff:
 *   npx vitest run lib/aggregate/golden.test.ts -u
 */
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { createGraphAggregator } from './graph';
import { createMetricsAggregator } from './metrics';
import { sampleNames, sampleRecords } from './testing/samples';

// Stored as Prettier formats JSON (printWidth from .prettierrc), so `npm run format:check` accepts
// the golden files as written.
const pretty = (value: unknown) =>
  format(JSON.stringify(value, null, 2), { parser: 'json', printWidth: 100 });

describe('golden aggregation of the real samples', () => {
  for (const file of sampleNames()) {
    const name = file.replace(/\.jsonl$/, '');
    const records = sampleRecords(name);

    it(`${name}: graph`, async () => {
      const g = createGraphAggregator();
      g.add(records);
      const json = await pretty(g.snapshot('all'));
      await expect(json).toMatchFileSnapshot(`./testdata/${name}.graph.expected.json`);
    });

    it(`${name}: metrics`, async () => {
      const m = createMetricsAggregator();
      m.add(records);
      const out = { drops: m.drops('all'), dns: m.dns('all'), http: m.http('all') };
      const json = await pretty(out);
      await expect(json).toMatchFileSnapshot(`./testdata/${name}.metrics.expected.json`);
    });
  }
});
