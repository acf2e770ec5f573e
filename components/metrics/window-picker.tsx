import type { TimeWindow } from '@/lib/model/time-window';
import styles from './window-picker.module.css';

export const PICKER_WINDOWS: readonly { value: TimeWindow; label: string }[] = [
  { value: '5m', label: '5 min' },
  { value: '15m', label: '15 min' },
  { value: '1h', label: '1 hour' },
  { value: 'all', label: 'All' },
];

/** The time-window chips shared by the metrics pages and the triage home. */
export function WindowPicker({
  value,
  onChange,
}: {
  value: TimeWindow;
  onChange: (w: TimeWindow) => void;
}) {
  return (
    <div role="group" aria-label="Time window" className={styles.group}>
      {PICKER_WINDOWS.map(w => (
        <button
          key={w.value}
          type="button"
          className="chip"
          aria-pressed={value === w.value}
          onClick={() => onChange(w.value)}
        >
          {w.label}
        </button>
      ))}
    </div>
  );
}
