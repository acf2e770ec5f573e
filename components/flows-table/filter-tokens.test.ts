import { describe, expect, it } from 'vitest';
import { hasFlag, removeFlag, setFlag, toggleFlag } from './filter-tokens';

describe('filter-tokens', () => {
  it('detects flag pairs in both spellings, ignoring negated ones', () => {
    expect(hasFlag('--namespace shop --verdict DROPPED', '--verdict', 'DROPPED')).toBe(true);
    expect(hasFlag('--verdict=DROPPED', '--verdict', 'DROPPED')).toBe(true);
    expect(hasFlag('--not --verdict DROPPED', '--verdict', 'DROPPED')).toBe(false);
    expect(hasFlag('--verdict FORWARDED', '--verdict', 'DROPPED')).toBe(false);
  });

  it('toggles a chip on and off without touching the rest', () => {
    const on = toggleFlag('--namespace shop', '--verdict', 'DROPPED');
    expect(on).toBe('--namespace shop --verdict DROPPED');
    expect(toggleFlag(on, '--verdict', 'DROPPED')).toBe('--namespace shop');
  });

  it('replaces the value of a single-valued chip and keeps negations', () => {
    expect(setFlag('--namespace shop --not --namespace kube-system', '--namespace', 'db')).toBe(
      '--not --namespace kube-system --namespace db',
    );
    expect(setFlag('', '--namespace', 'db')).toBe('--namespace db');
  });

  it('removes only the given value when one is passed', () => {
    expect(removeFlag('--verdict DROPPED --verdict ERROR', '--verdict', 'ERROR')).toBe(
      '--verdict DROPPED',
    );
    expect(removeFlag('--pod a --verdict=DROPPED', '--verdict')).toBe('--pod a');
  });
});
