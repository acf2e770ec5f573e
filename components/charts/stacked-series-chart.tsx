'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import styles from './charts.module.css';
import { keyColor, OTHER_KEY, stackRows, tickTime, type PlainSeries } from './chart-data';

export interface StackedSeriesChartProps {
  /** Accessible name, e.g. "Drops by reason". */
  label: string;
  series: PlainSeries;
  /** Fixed colours per key (CSS colours or var(--...)); others take palette slots. */
  tones?: Readonly<Record<string, string>>;
  /** Where a click on a key's bars or legend entry goes; null = not clickable. */
  hrefFor: (key: string) => string | null;
  height?: number;
}

/**
 * Stacked bars over time, one stack per key. Animation is off and the element tree is stable, so a
 * refetch repaints in place without flicker. Bars and legend entries click through to the flows.
 */
export function StackedSeriesChart({
  label,
  series,
  tones,
  hrefFor,
  height = 220,
}: StackedSeriesChartProps) {
  const router = useRouter();
  const { rows, keys } = stackRows(series);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <figure className={styles.figure} aria-label={label}>
      <div className={styles.plot} data-testid="stacked-chart">
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis
              dataKey="t"
              tickFormatter={tickTime}
              stroke="var(--fg-muted)"
              fontSize={11}
              minTickGap={40}
            />
            <YAxis allowDecimals={false} stroke="var(--fg-muted)" fontSize={11} width={44} />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={v => tickTime(Number(v))}
              contentStyle={{ background: 'var(--bg-panel)', border: '1px solid var(--border)' }}
              labelStyle={{ color: 'var(--fg)' }}
              cursor={{ fill: 'var(--bg-hover)' }}
            />
            {keys.map((k, i) => {
              const href = hrefFor(k);
              return (
                <Bar
                  key={k}
                  dataKey={k}
                  stackId="s"
                  fill={keyColor(k, i, tones)}
                  isAnimationActive={false}
                  cursor={href ? 'pointer' : undefined}
                  onClick={href ? () => router.push(href) : undefined}
                />
              );
            })}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className={styles.legend}>
        <ul>
          {keys.map((k, i) => {
            const href = k === OTHER_KEY ? null : hrefFor(k);
            const swatch = (
              <span className={styles.swatch} style={{ background: keyColor(k, i, tones) }} />
            );
            return (
              <li key={k}>
                {href ? (
                  <Link href={href} data-testid="legend-link">
                    {swatch}
                    {k}
                  </Link>
                ) : (
                  <span>
                    {swatch}
                    {k}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        <span className={styles.zone}>
          {series.bucketMs / 1000} s buckets · {zone}
        </span>
      </figcaption>
    </figure>
  );
}
