import Link from 'next/link';
import styles from './charts.module.css';

export interface BreakdownRow {
  key: string;
  label: string;
  count: number;
  /** Where the row links to (matching flows); null = plain row. */
  href: string | null;
  /** Extra cells after the count (already formatted). */
  extra?: string[];
  /** Optional note under the label (e.g. "usually harmless"). */
  note?: string;
}

export interface BreakdownTableProps {
  title: string;
  rows: BreakdownRow[];
  /** Header labels of `extra` cells. */
  extraHeaders?: string[];
  /** Denominator for the share column; omitted = no share column. */
  total?: number;
  empty?: string;
}

/** A titled count table; each row's label links to the flows it counts. */
export function BreakdownTable({
  title,
  rows,
  extraHeaders = [],
  total,
  empty = 'None in this window.',
}: BreakdownTableProps) {
  return (
    <section className={styles.tableBox} aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className={styles.num}>
                Count
              </th>
              {total !== undefined && (
                <th scope="col" className={styles.num}>
                  Share
                </th>
              )}
              {extraHeaders.map(h => (
                <th key={h} scope="col" className={styles.num}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(r => (
              <tr key={r.key}>
                <td>
                  {r.href ? <Link href={r.href}>{r.label}</Link> : r.label}
                  {r.note && <span className={styles.note}> {r.note}</span>}
                </td>
                <td className={styles.num}>{r.count.toLocaleString()}</td>
                {total !== undefined && (
                  <td className={styles.num}>
                    {total > 0 ? `${((r.count / total) * 100).toFixed(1)} %` : '—'}
                  </td>
                )}
                {(r.extra ?? []).map((c, i) => (
                  <td key={i} className={styles.num}>
                    {c}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
