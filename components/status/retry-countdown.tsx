'use client';

import { useNow } from '@/lib/client/use-now';

/** "in 4 s" until `atMs`, then "now"; ticks once a second without re-rendering its parent. */
export function RetryCountdown({ atMs }: { atMs: number | null }) {
  const now = useNow();
  if (atMs === null || now === 0) return null;
  const secs = Math.ceil((atMs - now) / 1_000);
  return <span className="mono">{secs > 0 ? `in ${secs} s` : 'now'}</span>;
}
