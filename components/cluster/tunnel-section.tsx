'use client';

import { useState } from 'react';
import type { TunnelsResponseBody } from '@/lib/model/cluster-api';
import styles from './cluster.module.css';
import { count, utcTime, viaLabel } from './cluster-format';
import { busiestPairs } from './tunnel-links';
import { TunnelMap } from './tunnel-map';

/** Overlay pairs listed before "show all": 40 nodes make up to 1,560 pairs (2,500 are kept). */
export const OVERLAY_ROWS = 100;

function modeText(t: TunnelsResponseBody['tunnels']): string {
  if (t.mode === 'native')
    return 'native routing: pod CIDRs are routed to node IPs, no encapsulation';
  if (t.mode === 'unknown') return 'routing mode unknown';
  const proto =
    t.protocol === 'vxlan' ? 'VXLAN' : t.protocol === 'geneve' ? 'Geneve' : 'unknown protocol';
  return `${t.mode} mode, ${proto} on ${t.port === null ? 'an unknown port' : `${t.port}/udp`}`;
}

/** The tunnel map picture, the `cilium bpf tunnel list` table and overlay traffic per node pair. */
export function TunnelSection({ body }: { body: TunnelsResponseBody }) {
  const { tunnels, overlay } = body;
  const [all, setAll] = useState(false);
  const shown = busiestPairs(overlay.pairs, all ? overlay.pairs.length : OVERLAY_ROWS);
  return (
    <section className={styles.section} aria-labelledby="cluster-tunnels">
      <h2 id="cluster-tunnels">Tunnels between nodes</h2>
      <p className={styles.small}>{modeText(tunnels)}</p>
      <div className={styles.mapWrap}>
        {body.nodes.length > 0 ? (
          <TunnelMap body={body} />
        ) : (
          <p>
            No nodes known: the tunnel map needs CiliumNode objects or an agent status document.
          </p>
        )}
        <div className={`${styles.mapSide} ${styles.scroll}`}>
          <table className={styles.table} aria-label="Tunnel table">
            <caption className={styles.small}>
              As <code>cilium bpf tunnel list</code> shows it: prefix → tunnel endpoint (
              {count(tunnels.entries.length, 'entries')})
            </caption>
            <thead>
              <tr>
                <th>Prefix</th>
                <th>Endpoint</th>
                <th>Node</th>
                <th>Via</th>
                <th className={styles.num}>Encrypt key</th>
              </tr>
            </thead>
            <tbody>
              {tunnels.entries.map(e => (
                <tr key={`${e.node}-${e.prefix}`}>
                  <td className="mono">{e.prefix}</td>
                  <td className="mono">{e.endpoint ?? 'none (no InternalIP)'}</td>
                  <td className="mono">{e.node}</td>
                  <td>
                    {viaLabel(e.via, e.port)}
                    {e.route ? ` (${e.route})` : ''}
                    {!e.primary && e.via !== 'native' ? ' · via ipcache (secondary CIDR)' : ''}
                  </td>
                  <td className={styles.num}>{e.encryptKey}</td>
                </tr>
              ))}
              {tunnels.entries.length === 0 && (
                <tr>
                  <td colSpan={5}>No entries.</td>
                </tr>
              )}
            </tbody>
          </table>
          {tunnels.notes.map(n => (
            <p key={n} className={styles.small}>
              {n}
            </p>
          ))}
        </div>
      </div>
      <h3>Overlay traffic per node pair</h3>
      <p className={styles.small}>
        {count(overlay.scanned, 'flows')} held by Flowscope examined, {utcTime(overlay.fromMs)} to{' '}
        {utcTime(overlay.toMs)}.{' '}
        {overlay.unattributed > 0 &&
          `${count(overlay.unattributed, 'overlay flows')} went to addresses no node owns.`}
        {overlay.uncounted > 0 &&
          ` ${count(overlay.uncounted, 'flows and drops')} between further node pairs were not counted: Flowscope keeps at most 10,000 pairs.`}
      </p>
      {overlay.pairs.length > OVERLAY_ROWS && (
        <p className={styles.small}>
          {all
            ? `All ${count(overlay.pairs.length, 'from → to node pairs')}, busiest first (drops, then flows).`
            : `The ${shown.length} busiest of ${count(overlay.pairs.length, 'from → to node pairs')} (drops first, then flows); ${count(overlay.pairs.length - shown.length, 'quieter pairs')} not listed.`}{' '}
          <button type="button" className="btn" onClick={() => setAll(!all)}>
            {all
              ? `Show the ${OVERLAY_ROWS} busiest`
              : `Show all ${count(overlay.pairs.length, 'pairs')}`}
          </button>
        </p>
      )}
      <div className={styles.scroll}>
        <table className={styles.table} aria-label="Overlay traffic">
          <thead>
            <tr>
              <th>From node</th>
              <th>To node</th>
              <th className={styles.num}>Overlay flows</th>
              <th className={styles.num}>Drops</th>
              <th>Drop reasons</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(p => (
              <tr key={`${p.from}-${p.to}`}>
                <td className="mono">{p.from}</td>
                <td className="mono">{p.to}</td>
                <td className={styles.num}>{count(p.flows, 'flows')}</td>
                <td className={`${styles.num} ${p.drops > 0 ? 'tone-bad' : ''}`}>
                  {count(p.drops, 'flows')}
                </td>
                <td className="mono">
                  {Object.entries(p.dropReasons)
                    .map(([r, n]) => `${r} × ${n}`)
                    .join(', ')}
                </td>
                <td>{utcTime(p.lastMs)}</td>
              </tr>
            ))}
            {overlay.pairs.length === 0 && (
              <tr>
                <td colSpan={6}>
                  No flow between nodes in the window (no TO_OVERLAY / cilium_vxlan flows held).
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
