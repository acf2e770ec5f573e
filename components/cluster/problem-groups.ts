/**
 * The problems panel's entries: the same failure on many nodes (an exec timeout on 100 agents)
 * becomes one entry naming the nodes, not 100 lines that push the page down.
 */
import type { ClusterProblem } from '@/lib/model/cluster';

export interface ProblemGroup {
  /** The first problem of the group (its source without the `:node` suffix when several nodes). */
  problem: ClusterProblem;
  /** Nodes the problem was seen on, in order; empty when it is not node-specific. */
  nodes: string[];
}

const bareSource = (p: ClusterProblem) =>
  p.node && p.source.endsWith(`:${p.node}`) ? p.source.slice(0, -p.node.length - 1) : p.source;

/** Groups problems equal but for their node, in order of first appearance. O(problems). */
export function groupProblems(problems: ClusterProblem[]): ProblemGroup[] {
  const groups = new Map<string, { first: ClusterProblem; nodes: string[] }>();
  for (const p of problems) {
    const key = JSON.stringify([p.kind, bareSource(p), p.message, p.permission ?? null]);
    const g = groups.get(key);
    if (!g) groups.set(key, { first: p, nodes: p.node ? [p.node] : [] });
    else if (p.node) g.nodes.push(p.node);
  }
  return [...groups.values()].map(({ first, nodes }) => ({
    problem: nodes.length > 1 ? { ...first, source: bareSource(first) } : first,
    nodes,
  }));
}
