/**
 * Text for the cluster page: every number with its unit, times in UTC with the zone spelled out,
 * and unknowns as "unknown" (never 0). Pure; React renders the strings as text.
 */
import type { ComponentHealth, SubsystemState, Tri, TunnelVia } from '@/lib/model/cluster';
import type { HubbleNodeHealth } from '@/lib/model/cluster-api';

const numberFormat = new Intl.NumberFormat('en-US');

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'neutral';

/** `1,234 flows` style; `unknown` for null. */
export function count(n: number | null | undefined, unit: string): string {
  return n === null || n === undefined ? 'unknown' : `${numberFormat.format(n)} ${unit}`;
}

/** `2026-11-25 15:30:19 UTC`. */
export function utcTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'unknown';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `42 s`, `12 min 5 s`, `3 h 2 min`. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return 'unknown';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `12.5 flows/s`. */
export function rate(perSec: number | null | undefined): string {
  if (perSec === null || perSec === undefined) return 'unknown';
  return `${perSec >= 100 ? numberFormat.format(Math.round(perSec)) : perSec.toFixed(1)} flows/s`;
}

export function tri(v: Tri, yes = 'enabled', no = 'disabled'): string {
  return v === 'unknown' ? 'unknown' : v ? yes : no;
}

export function componentTone(h: ComponentHealth): Tone {
  return h === 'ok' ? 'ok' : h === 'error' ? 'bad' : h === 'warning' ? 'warn' : 'neutral';
}

export function stateTone(s: SubsystemState | HubbleNodeHealth['state']): Tone {
  if (s === 'Ok' || s === 'connected') return 'ok';
  if (s === 'Failure' || s === 'error' || s === 'unavailable' || s === 'gone') return 'bad';
  if (s === 'Warning') return 'warn';
  return 'neutral';
}

/** `VXLAN 8472/udp`, `Geneve 6081/udp`, `native route`. */
export function viaLabel(via: TunnelVia, port: number | null): string {
  const p = port === null ? '' : ` ${port}/udp`;
  if (via === 'vxlan') return `VXLAN${p}`;
  if (via === 'geneve') return `Geneve${p}`;
  if (via === 'native') return 'native route';
  return 'unknown';
}

/** `1,024 / 4,095 flows`. */
export function heldOfMax(held: number | null, max: number | null): string {
  if (held === null && max === null) return 'unknown';
  const f = (n: number | null) => (n === null ? '?' : numberFormat.format(n));
  return `${f(held)} / ${f(max)} flows`;
}

/**
 * `a, b, c and 37 more`: the first `max` items of a list that can name every node of a big cluster,
 * saying how many were left out.
 */
export function listSome(items: string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${numberFormat.format(items.length - max)} more`;
}
