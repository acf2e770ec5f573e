/**
 * Runs one client-node call and keeps the raw JSON body. A per-call response middleware copies the
 * body text before client-node deserializes it: the typed models silently reshape malformed objects
 * (a string `status` becomes `{}`, a string map becomes `{0: 'o', 1: 'o'}`), which would turn
 * "unknown" into confident zeros. Each call has a deadline and turns every failure into a problem.
 */
import { Observable, ResponseContext, type ObservableMiddleware } from '@kubernetes/client-node';
import type { ClusterProblem } from '@/lib/model/cluster';
import { asArr, asStr, dig } from '../values';
import { httpStatusOf, problemFromError, withTimeout, type CallSpec } from './k8s-errors';

/** Items per list page. */
export const PAGE = 500;
/** Upper bound on list pages so a huge cluster cannot keep a request loop going forever. */
const MAX_PAGES = 40;

/** Options passed to every typed call so the capture middleware runs after client-node's own. */
export type CallOptions = { middleware: ObservableMiddleware[]; middlewareMergeStrategy: 'append' };

export interface RawResult {
  ok: boolean;
  body: unknown;
  problem?: ClusterProblem;
}

/** Calls the API with a deadline, returning raw bodies; never throws. */
export class RawCaller {
  constructor(
    private readonly server: string,
    private readonly timeoutMs: number,
  ) {}

  /** Runs a typed client call and returns the raw JSON body, or a problem. Never throws. */
  async call(spec: CallSpec, run: (opts: CallOptions) => Promise<unknown>): Promise<RawResult> {
    let text: string | null = null;
    const capture: ObservableMiddleware = {
      pre: ctx => new Observable(Promise.resolve(ctx)),
      post: ctx =>
        new Observable(
          ctx.body.text().then(t => {
            text = t;
            return new ResponseContext(ctx.httpStatusCode, ctx.headers, {
              text: async () => t,
              binary: async () => Buffer.from(t),
            });
          }),
        ),
    };
    try {
      await withTimeout(
        run({ middleware: [capture], middlewareMergeStrategy: 'append' }),
        this.timeoutMs,
        `${spec.source}`,
      );
    } catch (err) {
      // A 2xx whose body client-node could not parse lands here too: judge it by the raw text.
      if (httpStatusOf(err) !== null || text === null) {
        return { ok: false, body: null, problem: problemFromError(err, spec, this.server) };
      }
    }
    try {
      return { ok: true, body: JSON.parse(text ?? '') };
    } catch {
      return {
        ok: false,
        body: null,
        problem: {
          source: spec.source,
          kind: 'malformed',
          message: 'the API server answered with a body that is not JSON',
        },
      };
    }
  }

  /** Pages through a list call; returns all items or a problem. */
  async list(
    spec: CallSpec,
    run: (cont: string | undefined, opts: CallOptions) => Promise<unknown>,
  ): Promise<{ items: unknown[] | null; problem?: ClusterProblem }> {
    const items: unknown[] = [];
    let cont: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.call(spec, opts => run(cont, opts));
      if (!r.ok) return { items: null, problem: r.problem };
      const pageItems = asArr(dig(r.body, 'items'));
      if (!pageItems)
        return {
          items: null,
          problem: {
            source: spec.source,
            kind: 'malformed',
            message: 'list response has no items array',
          },
        };
      items.push(...pageItems);
      cont = asStr(dig(r.body, 'metadata', 'continue')) ?? undefined;
      if (!cont) return { items };
    }
    return {
      items,
      problem: {
        source: spec.source,
        kind: 'error',
        message: `stopped after ${MAX_PAGES * PAGE} items`,
      },
    };
  }
}
