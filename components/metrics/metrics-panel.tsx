'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import type { TimeWindow } from '@/lib/model/time-window';
import { DnsView } from './dns-view';
import { DropsView } from './drops-view';
import { HttpView } from './http-view';
import styles from './metrics.module.css';
import { WindowPicker } from './window-picker';

export type MetricsTab = 'drops' | 'dns' | 'http';
const TABS: { id: MetricsTab; label: string }[] = [
  { id: 'drops', label: 'Drops' },
  { id: 'dns', label: 'DNS' },
  { id: 'http', label: 'HTTP' },
];

export interface MetricsPanelProps {
  initialTab: MetricsTab;
  initialWindow: TimeWindow;
  /** Filter applied to every number and every click-through ('' = all flows). */
  initialQ: string;
}

/** The metrics page: Drops / DNS / HTTP tabs over a time window; the URL follows the choices. */
export function MetricsPanel({ initialTab, initialWindow, initialQ }: MetricsPanelProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [tab, setTab] = useState(initialTab);
  const [window, setWindow] = useState(initialWindow);
  const [q, setQ] = useState(initialQ);
  const [draft, setDraft] = useState(initialQ);
  const go = (t: MetricsTab, w: TimeWindow, filter = q) => {
    setTab(t);
    setWindow(w);
    setQ(filter);
    const params = new URLSearchParams({ tab: t, window: w });
    if (filter) params.set('q', filter);
    router.replace(`${pathname}?${params}`, { scroll: false });
  };
  return (
    <div className={styles.page}>
      <div className={styles.head}>
        <h1>Metrics</h1>
        <WindowPicker value={window} onChange={w => go(tab, w)} />
        <form
          className={styles.filter}
          onSubmit={e => {
            e.preventDefault();
            go(tab, window, draft.trim());
          }}
        >
          <input
            className="input mono"
            aria-label="Filter"
            placeholder="filter, e.g. --namespace shop"
            value={draft}
            onChange={e => setDraft(e.target.value)}
          />
        </form>
      </div>
      <div role="tablist" aria-label="Metrics" className={styles.tabs}>
        {TABS.map(t => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={styles.tab}
            onClick={() => go(t.id, window)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'drops' && <DropsView window={window} q={q} />}
        {tab === 'dns' && <DnsView window={window} q={q} />}
        {tab === 'http' && <HttpView window={window} q={q} />}
      </div>
    </div>
  );
}
