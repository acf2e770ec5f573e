import type { TunnelsResponseBody } from '@/lib/model/cluster-api';
import styles from './cluster.module.css';
import { count } from './cluster-format';
import {
  BOX_H,
  BOX_W,
  clip,
  DOT_R,
  LABEL_GAP,
  LABEL_MAX_CHARS,
  placement,
  type NodeSpot,
} from './tunnel-layout';
import { mapModel, mapNotes, NO_TUNNEL, type TunnelLink } from './tunnel-links';

type MapNode = TunnelsResponseBody['nodes'][number];

const cidrOf = (n: MapNode) => [...n.podCIDRs.ipv4, ...n.podCIDRs.ipv6][0] ?? 'no pod CIDR';
const nodeTitle = (n: MapNode) =>
  `${n.name}: InternalIP ${n.internalIP ?? 'none'}, pod CIDR ${cidrOf(n)}`;
const trafficText = (l: TunnelLink) =>
  `${count(l.flows, 'flows')}${l.drops > 0 ? `, ${count(l.drops, 'drops')}` : ''}`;

/** A box with the node's name, InternalIP and pod CIDR (few nodes). */
function NodeBox({ n, p }: { n: MapNode; p: NodeSpot }) {
  return (
    <g transform={`translate(${p.x},${p.y})`}>
      <title>{nodeTitle(n)}</title>
      <rect
        x={-BOX_W / 2}
        y={-BOX_H / 2}
        width={BOX_W}
        height={BOX_H}
        rx={8}
        className={styles.mapNode}
      />
      <text y={-8} textAnchor="middle" className={styles.mapLabel}>
        {clip(n.name, 20)}
      </text>
      <text y={7} textAnchor="middle" className={styles.mapSub}>
        {n.internalIP ?? 'no InternalIP'}
      </text>
      <text y={20} textAnchor="middle" className={styles.mapSub}>
        {cidrOf(n)}
      </text>
    </g>
  );
}

/** A dot with the node's name written outwards from the circle (many nodes). */
function NodeDot({ n, p, bad }: { n: MapNode; p: NodeSpot; bad: boolean }) {
  const deg = (p.angle * 180) / Math.PI;
  // Names on the left half are turned upright and anchored at their end, so none reads upside down.
  const left = Math.cos(p.angle) < -1e-9;
  return (
    <g transform={`translate(${p.x},${p.y}) rotate(${left ? deg + 180 : deg})`}>
      <title>{nodeTitle(n)}</title>
      <circle r={DOT_R} className={bad ? styles.mapDotBad : styles.mapDot} />
      <text
        x={left ? -LABEL_GAP : LABEL_GAP}
        dy="0.35em"
        textAnchor={left ? 'end' : 'start'}
        className={styles.mapDotLabel}
      >
        {clip(n.name, LABEL_MAX_CHARS)}
      </text>
    </g>
  );
}

/**
 * Nodes on a ring; each line is the tunnel (or route) between two nodes, weighted by overlay
 * traffic, red with drops. Big clusters: only the nodes and lines that matter, and a note saying
 * what was left out.
 */
export function TunnelMap({ body }: { body: TunnelsResponseBody }) {
  const m = mapModel(body);
  const { mode, w, h, pos } = placement(m.nodes.map(n => n.name));
  const max = Math.max(1, ...m.links.map(l => l.flows));
  const thin = mode === 'dots';
  const drawn =
    m.nodes.length === m.totalNodes && m.links.length === m.totalLinks
      ? `${m.nodes.length} nodes, ${m.links.length} links`
      : `${m.nodes.length} of ${m.totalNodes} nodes and ${m.links.length} of ${m.totalLinks} links drawn`;
  return (
    <figure className={styles.mapFigure}>
      <svg
        className={styles.map}
        viewBox={`0 0 ${w} ${h}`}
        role="img"
        aria-label={`Tunnel map: ${drawn}`}
        data-testid="tunnel-map"
      >
        {m.links.map(l => {
          const p = pos.get(l.a)!;
          const q = pos.get(l.b)!;
          const weight = l.flows > 0 ? Math.sqrt(l.flows / max) : 0;
          const width = thin ? 0.75 + 3 * weight : 1.5 + 5 * weight;
          const stroke =
            l.drops > 0 ? 'var(--bad)' : l.flows > 0 ? 'var(--accent)' : 'var(--border-strong)';
          const mx = (p.x + q.x) / 2;
          const my = (p.y + q.y) / 2;
          return (
            <g key={`${l.a}-${l.b}`} data-testid="tunnel-link">
              <title>{`${l.a} ↔ ${l.b}: ${l.label}, ${trafficText(l)} over the overlay`}</title>
              <line
                x1={p.x}
                y1={p.y}
                x2={q.x}
                y2={q.y}
                // Inline style, not the attribute: var() is only reliable in CSS (theme-aware colours).
                // Many chords cross in the middle: translucency keeps the busy ones readable.
                style={{ stroke, strokeWidth: width, strokeOpacity: thin && !l.drops ? 0.55 : 1 }}
                strokeDasharray={l.label === NO_TUNNEL ? '4 4' : undefined}
              />
              {m.edgeLabels && (
                <>
                  <text x={mx} y={my - 4} textAnchor="middle" className={styles.mapEdgeLabel}>
                    {l.label}
                  </text>
                  <text x={mx} y={my + 9} textAnchor="middle" className={styles.mapEdgeLabel}>
                    {trafficText(l)}
                  </text>
                </>
              )}
            </g>
          );
        })}
        {m.nodes.map(n =>
          mode === 'boxes' ? (
            <NodeBox key={n.name} n={n} p={pos.get(n.name)!} />
          ) : (
            <NodeDot key={n.name} n={n} p={pos.get(n.name)!} bad={m.dropping.has(n.name)} />
          ),
        )}
      </svg>
      <figcaption className={styles.small}>
        {[
          `line: ${(!m.edgeLabels && m.sharedLabel) || 'the tunnel or route'} between two nodes`,
          'width: overlay flows',
          'red: drops',
          ...(m.links.some(l => l.label === NO_TUNNEL) ? ['dashed: no tunnel entry'] : []),
          ...(mode === 'dots' ? ['hover a node or line for its addresses and counts'] : []),
        ].join(' · ')}
        {mapNotes(m).map(t => (
          <span key={t} className={styles.mapNote}>
            {t}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
