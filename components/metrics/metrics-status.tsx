/** Loading / error line of a metrics view, and one headline number. */
export function MetricsStatus({ error, pending }: { error: Error | null; pending: boolean }) {
  if (error) {
    return (
      <p role="alert" className="banner tone-bad">
        Metrics not updated: {error.message}
      </p>
    );
  }
  return pending ? <p className="muted">Loading metrics…</p> : null;
}

export function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}
