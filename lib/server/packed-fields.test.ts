import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '@/lib/hubble/decode';
import { flatString, packUuid, parseNanos, unpackUuid } from './packed-fields';

describe('packed fields', () => {
  it('packs and unpacks canonical UUIDs exactly', () => {
    const out = new Uint32Array(8);
    for (const id of [
      '75f96cf0-67fe-4337-9caf-c486d3146b10',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ]) {
      expect(packUuid(id, out, 4)).toBe(true);
      expect(unpackUuid(out, 4)).toBe(id);
    }
  });

  it('refuses anything else (upper case, derived ids, wrong dashes)', () => {
    const out = new Uint32Array(4);
    for (const id of [
      '75F96CF0-67FE-4337-9CAF-C486D3146B10',
      'd:worker242|2026-01-01T00:00:00Z|…',
      '75f96cf0x67fe-4337-9caf-c486d3146b10',
      '',
    ]) {
      expect(packUuid(id, out, 0)).toBe(false);
    }
  });

  it('parses the nanoseconds of every RFC 3339 form the decoder prints', () => {
    const sec = 1_767_225_639;
    for (const nanos of [0, 792_000_000, 792_581_000, 792_581_041, 1]) {
      const text = formatTimestamp(sec, nanos);
      expect(parseNanos(text)).toBe(nanos);
    }
    expect(parseNanos('2026-01-01T00:00:39.5Z')).toBe(500_000_000);
    expect(parseNanos('2026-01-01T00:00:39+01:00')).toBe(-1);
  });

  it('flatString returns an equal string', () => {
    const cons = ['a'.repeat(20), 'b'.repeat(20)].join('|') + String(Math.random());
    expect(flatString(cons)).toBe(cons);
    expect(flatString(' padded ')).toBe(' padded ');
  });
});
