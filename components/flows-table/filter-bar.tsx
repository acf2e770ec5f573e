'use client';

import { useState } from 'react';
import type { FlowFilter } from '@/lib/client/use-flow-filter';
import { hasFlag, setFlag, removeFlag, toggleFlag } from './filter-tokens';

interface FilterBarProps {
  filter: FlowFilter;
  /** Namespace names known to Relay (GetNamespaces), for the quick namespace picker. */
  namespaces: readonly string[];
}

const PLACEHOLDER = '--namespace shop --verdict DROPPED   (hubble observe flags; Enter to apply)';

/**
 * The filter field (hubble-observe flag syntax, applied on Enter) with quick chips. A rejected
 * filter stays in the field with the server's message underneath; the table keeps the old rows.
 */
export function FilterBar({ filter, namespaces }: FilterBarProps) {
  const [draft, setDraft] = useState(filter.applied);
  // When the filter changes from outside (chip, "Clear filter"), show it in the field.
  const [shownApplied, setShownApplied] = useState(filter.applied);
  if (shownApplied !== filter.applied) {
    setShownApplied(filter.applied);
    setDraft(filter.rejected ?? filter.applied);
  }
  const dirty = draft.trim() !== filter.applied;
  const dropsOnly = hasFlag(filter.applied, '--verdict', 'DROPPED');
  const namespace = namespaces.find(ns => hasFlag(filter.applied, '--namespace', ns)) ?? '';

  const applyQuery = (q: string) => {
    setDraft(q);
    void filter.apply(q);
  };

  const handleNamespace = (ns: string) =>
    applyQuery(
      ns === ''
        ? removeFlag(filter.applied, '--namespace')
        : setFlag(filter.applied, '--namespace', ns),
    );

  return (
    <form
      role="search"
      aria-label="Flow filter"
      className="filter-form"
      onSubmit={e => {
        e.preventDefault();
        void filter.apply(draft);
      }}
      style={{ flexWrap: 'wrap' }}
    >
      <label htmlFor="flow-filter" className="visually-hidden">
        Filter
      </label>
      <input
        id="flow-filter"
        className="input"
        value={draft}
        placeholder={PLACEHOLDER}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={filter.error !== null}
        aria-describedby={filter.error !== null ? 'flow-filter-error' : undefined}
        onChange={e => setDraft(e.target.value)}
        onKeyDown={e => {
          if (e.key === 'Escape') {
            setDraft(filter.applied);
            filter.dismissError();
          }
        }}
      />
      <button type="submit" className="btn" disabled={filter.checking}>
        {filter.checking ? 'Checking…' : 'Apply'}
      </button>
      <button
        type="button"
        className="chip"
        aria-pressed={dropsOnly}
        onClick={() => applyQuery(toggleFlag(filter.applied, '--verdict', 'DROPPED'))}
      >
        Dropped only
      </button>
      {namespaces.length > 0 && (
        <select
          className="select"
          aria-label="Namespace"
          value={namespace}
          onChange={e => handleNamespace(e.target.value)}
        >
          <option value="">All namespaces</option>
          {namespaces.map(ns => (
            <option key={ns} value={ns}>
              {ns}
            </option>
          ))}
        </select>
      )}
      {filter.error !== null ? (
        <p id="flow-filter-error" role="alert" className="filter-error">
          Filter not applied: {filter.error.replace(/\.\s*$/, '')}. Still showing{' '}
          {filter.applied === '' ? 'all flows' : <code>{filter.applied}</code>}.
        </p>
      ) : (
        dirty && <p className="filter-error muted">Press Enter to apply, Escape to revert.</p>
      )}
    </form>
  );
}
