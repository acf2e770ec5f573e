/**
 * Query parameters of `GET /api/v1/graph` and `/api/v1/graph/stream`. Like params.ts, every error
 * names the parameter and the token at fault.
 */
import { QueryParseError, type FlowQuery } from '@/lib/query/flow-query';
import { parseQuery } from '@/lib/query/parse';
import type { GraphFilter } from '@/lib/model/service-graph';
import { isTimeWindow, TIME_WINDOWS, type TimeWindow } from '@/lib/model/time-window';
import { HttpError } from './params';

export interface GraphParams {
  window: TimeWindow;
  query: FlowQuery;
  filter: GraphFilter;
  /**
   * Namespaces (`cluster/namespace` for ClusterMesh flows) to keep expanded when the graph is
   * collapsed to namespace level.
   */
  expand: string[];
  /** Collapse to namespace level whatever the graph's size (`collapse=true`). */
  collapse: boolean;
}

const KNOWN = ['window', 'q', 'namespace', 'errorsOnly', 'hideReserved', 'expand', 'collapse'];
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A namespace, optionally qualified by its ClusterMesh cluster (`cluster/namespace`). */
const QUALIFIED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Parses graph parameters; `defaultWindow` applies when `window` is absent. */
export function parseGraphParams(url: URL, defaultWindow: TimeWindow): GraphParams {
  for (const name of url.searchParams.keys()) {
    if (!KNOWN.includes(name) && name !== '_') {
      throw new HttpError(
        400,
        `unknown parameter ${JSON.stringify(name)} (expected ${KNOWN.join(', ')})`,
      );
    }
  }
  const windowRaw = single(url, 'window');
  if (windowRaw !== undefined && !isTimeWindow(windowRaw)) {
    throw new HttpError(
      400,
      `window: invalid value ${JSON.stringify(windowRaw)} (expected one of ${TIME_WINDOWS.join(', ')})`,
    );
  }
  let query: FlowQuery;
  try {
    query = parseQuery(single(url, 'q') ?? '');
  } catch (e) {
    if (e instanceof QueryParseError) throw new HttpError(400, `q: ${e.message}`);
    throw e;
  }
  const namespaces = list(url, 'namespace');
  const filter: GraphFilter = {};
  if (namespaces.length > 0) filter.namespaces = namespaces;
  if (bool(url, 'errorsOnly')) filter.errorsOnly = true;
  if (bool(url, 'hideReserved')) filter.hideReserved = true;
  return {
    window: windowRaw ?? defaultWindow,
    query,
    filter,
    expand: list(url, 'expand', QUALIFIED),
    collapse: bool(url, 'collapse'),
  };
}

function single(url: URL, name: string): string | undefined {
  const all = url.searchParams.getAll(name);
  if (all.length > 1) throw new HttpError(400, `${name} given ${all.length} times; give it once`);
  return all[0];
}

function bool(url: URL, name: string): boolean {
  const raw = single(url, name);
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new HttpError(
    400,
    `${name}: invalid value ${JSON.stringify(raw)} (expected true, false, 1 or 0)`,
  );
}

/** Comma-separated namespace names (matching `pattern`); empty entries are ignored. */
function list(url: URL, name: string, pattern = NAMESPACE): string[] {
  const raw = single(url, name) ?? '';
  const out: string[] = [];
  for (const part of raw.split(',')) {
    const ns = part.trim();
    if (ns === '') continue;
    if (!pattern.test(ns) || ns.length > (pattern === NAMESPACE ? 63 : 127)) {
      const expected =
        pattern === NAMESPACE
          ? 'lowercase letters, digits and "-"'
          : 'lowercase letters, digits and "-", optionally "cluster/" first';
      throw new HttpError(
        400,
        `${name}: invalid namespace ${JSON.stringify(ns)} (expected ${expected})`,
      );
    }
    if (!out.includes(ns)) out.push(ns);
  }
  return out;
}
