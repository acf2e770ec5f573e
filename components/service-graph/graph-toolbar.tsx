'use client';

import { useState } from 'react';
import { TIME_WINDOWS, type TimeWindow } from '@/lib/model/time-window';
import styles from './service-graph.module.css';

export type GraphMode = 'all' | 'namespace' | 'errors';

/** Toolbar state the panel owns; the toolbar only reports changes. */
export interface ToolbarState {
  window: TimeWindow;
  mode: GraphMode;
  namespace: string;
  hideReserved: boolean;
  /** Draw every edge of hub nodes too (hubs.ts); off by default. */
  hubEdges: boolean;
  /** Ask the server for namespace level whatever the graph's size. */
  collapse: boolean;
  search: string;
  hops: number;
  focus: string | null;
}

interface GraphToolbarProps {
  state: ToolbarState;
  namespaces: string[];
  onChange: (patch: Partial<ToolbarState>) => void;
  /** Focus the first node matching the search text. */
  onFocusSearch: () => void;
  onExportPng: () => void;
  onExportJson: () => void;
  canExport: boolean;
}

const MODES: { value: GraphMode; label: string }[] = [
  { value: 'all', label: 'All namespaces' },
  { value: 'namespace', label: 'One namespace' },
  { value: 'errors', label: 'Errors only' },
];

/** Window, mode, reserved identities, search/focus and export controls. */
export function GraphToolbar(props: GraphToolbarProps) {
  const { state, namespaces, onChange } = props;
  const [search, setSearch] = useState(state.search);
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Graph controls">
      <div className={styles.group} role="group" aria-label="Time window">
        {TIME_WINDOWS.map(w => (
          <button
            key={w}
            type="button"
            className="chip"
            aria-pressed={state.window === w}
            onClick={() => onChange({ window: w })}
          >
            {w}
          </button>
        ))}
      </div>
      <select
        className="select"
        aria-label="Mode"
        value={state.mode}
        onChange={e => onChange({ mode: e.target.value as GraphMode })}
      >
        {MODES.map(m => (
          <option key={m.value} value={m.value}>
            {m.label}
          </option>
        ))}
      </select>
      {state.mode === 'namespace' && (
        <select
          className="select"
          aria-label="Namespace"
          value={state.namespace}
          onChange={e => onChange({ namespace: e.target.value })}
        >
          <option value="">Choose a namespace…</option>
          {namespaces.map(ns => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </select>
      )}
      <Toggle
        label="Reserved identities"
        checked={!state.hideReserved}
        onChange={on => onChange({ hideReserved: !on })}
      />
      <Toggle
        label="All hub edges"
        title="Draw the healthy edges of hub nodes (those talking to most of the graph, such as the host, DNS or Prometheus) too"
        checked={state.hubEdges}
        onChange={on => onChange({ hubEdges: on })}
      />
      <Toggle
        label="Namespaces only"
        title="One node per namespace, whatever the graph's size; select a namespace to expand it"
        checked={state.collapse}
        onChange={on => onChange({ collapse: on })}
      />
      <form
        className={styles.group}
        role="search"
        onSubmit={e => {
          e.preventDefault();
          props.onFocusSearch();
        }}
      >
        <input
          className="input"
          type="search"
          aria-label="Search nodes"
          placeholder="Search nodes…"
          value={search}
          onChange={e => {
            setSearch(e.target.value);
            onChange({ search: e.target.value });
          }}
        />
        <select
          className="select"
          aria-label="Focus depth"
          value={state.hops}
          onChange={e => onChange({ hops: Number(e.target.value) })}
        >
          {[1, 2, 3].map(h => (
            <option key={h} value={h}>
              {h} hop{h > 1 ? 's' : ''}
            </option>
          ))}
        </select>
        <button type="submit" className="btn" disabled={search.trim() === ''}>
          Focus
        </button>
        {state.focus !== null && (
          <button type="button" className="btn btn-ghost" onClick={() => onChange({ focus: null })}>
            Show all
          </button>
        )}
      </form>
      <div className={styles.group}>
        <button
          type="button"
          className="btn"
          onClick={props.onExportPng}
          disabled={!props.canExport}
        >
          Export PNG
        </button>
        <button
          type="button"
          className="btn"
          onClick={props.onExportJson}
          disabled={!props.canExport}
        >
          Export JSON
        </button>
      </div>
    </div>
  );
}

/** A labelled checkbox of the toolbar. */
function Toggle(p: {
  label: string;
  title?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className={styles.group} title={p.title}>
      <input type="checkbox" checked={p.checked} onChange={e => p.onChange(e.target.checked)} />
      {p.label}
    </label>
  );
}
