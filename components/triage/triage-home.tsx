'use client';

import { useState } from 'react';
import { WindowPicker } from '@/components/metrics/window-picker';
import { HealthBanners } from '@/components/status/health-banners';
import { RelayState } from '@/components/status/relay-state';
import { useHubbleInfo } from '@/lib/client/use-hubble-info';
import { useTriage } from '@/lib/client/use-triage';
import type { TimeWindow } from '@/lib/model/time-window';
import type { TriageResponse } from '@/lib/model/triage';
import { ConnectionStrip } from './connection-strip';
import { ProblemCard } from './problem-card';
import { windowText } from './triage-format';
import styles from './triage.module.css';

function Watching({ t }: { t: TriageResponse }) {
  const w = t.watching;
  return (
    <div className={styles.empty} data-testid="nothing-broken">
      <h2>Nothing broken right now</h2>
      <p>
        Watching {w.flows.toLocaleString()} flows in the last {windowText(t.window)} from {w.nodes}{' '}
        Hubble node{w.nodes === 1 ? '' : 's'} (connection {w.connection}): drop reasons (
        {w.drops.toLocaleString()} drops), DNS answers ({w.dnsResponses.toLocaleString()}), HTTP
        responses ({w.httpResponses.toLocaleString()}), unavailable nodes and lost events.
      </p>
    </div>
  );
}

/** Home: what is broken right now, ranked, with the connection summary strip on top. */
export function TriageHome() {
  const [window, setWindow] = useState<TimeWindow>('5m');
  const hubble = useHubbleInfo();
  const { data, error, isPending } = useTriage(window);
  const problems = data?.problems ?? [];
  const actionable = problems.filter(p => !p.benign);
  return (
    <div className={styles.home}>
      <RelayState info={hubble.data} error={hubble.error} />
      <ConnectionStrip info={hubble.data} />
      <HealthBanners info={hubble.data} />
      <div className={styles.head}>
        <h1>What is broken right now</h1>
        <WindowPicker value={window} onChange={setWindow} />
      </div>
      {error && (
        <p role="alert" className="banner tone-bad">
          Triage not updated: {error.message}
        </p>
      )}
      {isPending && !data && <p className="muted">Looking at the traffic…</p>}
      {data && actionable.length === 0 && <Watching t={data} />}
      {data && problems.length > 0 && (
        <ol className={styles.list} aria-label="Current problems">
          {problems.map((p, i) => (
            <ProblemCard
              key={p.id}
              problem={p}
              rank={i + 1}
              window={data.window}
              nowMs={data.nowMs}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
