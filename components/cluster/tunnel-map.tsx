import type { TunnelsResponseBody } from '@/lib/model/cluster-api';
import styles from './cluster.module.css';
import { MAP_WIDTH as W, placement, tunnelLinks } from './tunnel-layout';

/** Nodes around a circle; each line is the tunnel (or route) between two nodes, weighted by traffic. */
export function TunnelMap({ body }: { body: TunnelsResponseBody }) {
  const names = body.nodes.map(n => n.name);
  const { h, pos } = placement(names);
  const ls = tunnelLinks(body);
  const max = Math.max(1, ...ls.map(l => l.flows));
  return (
    <svg
      className={styles.map}
      viewBox={`0 0 ${W} ${h}`}
      role="img"
      aria-label={`Tunnel map: ${names.length} nodes, ${ls.length} links`}
      data-testid="tunnel-map"
    >
      {ls.map(l => {
        const p = pos.get(l.a)!;
        const q = pos.get(l.b)!;
        const width = 1.5 + (l.flows > 0 ? 5 * Math.sqrt(l.flows / max) : 0);
        const stroke =
          l.drops > 0 ? 'var(--bad)' : l.flows > 0 ? 'var(--accent)' : 'var(--border-strong)';
        const mx = (p.x + q.x) / 2;
        const my = (p.y + q.y) / 2;
        const traffic = `${l.flows} flows${l.drops > 0 ? `, ${l.drops} drops` : ''}`;
        return (
          <g key={`${l.a}-${l.b}`} data-testid="tunnel-link">
            <title>{`${l.a} ↔ ${l.b}: ${l.label}, ${traffic} over the overlay`}</title>
            <line
              x1={p.x}
              y1={p.y}
              x2={q.x}
              y2={q.y}
              // Inline style, not the attribute: var() is only reliable in CSS (theme-aware colours).
              style={{ stroke, strokeWidth: width }}
              strokeDasharray={l.label === 'no tunnel entry' ? '4 4' : undefined}
            />
            <text x={mx} y={my - 4} textAnchor="middle" className={styles.mapEdgeLabel}>
              {l.label}
            </text>
            <text x={mx} y={my + 9} textAnchor="middle" className={styles.mapEdgeLabel}>
              {traffic}
            </text>
          </g>
        );
      })}
      {body.nodes.map(n => {
        const p = pos.get(n.name)!;
        return (
          <g key={n.name} transform={`translate(${p.x},${p.y})`}>
            <rect x={-70} y={-26} width={140} height={52} rx={8} className={styles.mapNode} />
            <text y={-8} textAnchor="middle" className={styles.mapLabel}>
              {n.name}
            </text>
            <text y={7} textAnchor="middle" className={styles.mapSub}>
              {n.internalIP ?? 'no InternalIP'}
            </text>
            <text y={20} textAnchor="middle" className={styles.mapSub}>
              {[...n.podCIDRs.ipv4, ...n.podCIDRs.ipv6][0] ?? 'no pod CIDR'}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
