import type { ClusterProblem } from '@/lib/model/cluster';
import styles from './cluster.module.css';
import { count, listSome } from './cluster-format';
import { groupProblems } from './problem-groups';

/** Node names spelled out per grouped problem; the node table has them all. */
const NODES_MAX = 8;

function rbacHint(p: ClusterProblem): string | null {
  const perm = p.permission;
  if (!perm) return null;
  const [resource, sub] = perm.resource.split('/');
  const res = sub ? `${resource}/${sub}` : resource;
  const group = perm.apiGroup === '' ? '""' : perm.apiGroup;
  const scope = perm.namespace ? `a Role in namespace ${perm.namespace}` : 'a ClusterRole';
  return `grant ${scope}: apiGroups [${group}], resources [${res}], verbs [${perm.verb}]`;
}

/** What failed while collecting the view, with the RBAC rule to add when the API refused. */
export function ProblemsPanel({ problems }: { problems: ClusterProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <section
      className={`${styles.section} banner tone-warn`}
      aria-labelledby="cluster-problems"
      data-testid="cluster-problems"
    >
      <h2 id="cluster-problems">
        {problems.length === 1 ? '1 problem' : `${problems.length} problems`} while collecting the
        cluster status
      </h2>
      <p className={styles.small}>Everything else on this page is what could still be read.</p>
      {groupProblems(problems).map(({ problem: p, nodes }, i) => {
        const hint = rbacHint(p);
        return (
          <div key={`${p.source}-${i}`} className={styles.problem}>
            <span className={`badge tone-${p.kind === 'forbidden' ? 'bad' : 'warn'}`}>
              {p.kind}
            </span>{' '}
            <code>{p.source}</code>
            {nodes.length === 1 ? ` (node ${nodes[0]})` : ''}
            {nodes.length > 1
              ? ` (${count(nodes.length, 'nodes')}: ${listSome(nodes, NODES_MAX)})`
              : ''}
            : {p.message}
            {hint && <div className="hint">Missing permission: {hint}</div>}
          </div>
        );
      })}
    </section>
  );
}
