import { describe, expect, it } from 'vitest';
import {
  dropReasonText,
  formatTimestamp,
  nodeStateName,
  parseTimestampText,
  tcpFlagsText,
  tracePointName,
  verdictName,
} from '@/lib/hubble/flow-text';

describe('flow-text (shared by decode.ts and wire-decode.ts)', () => {
  it('names enum numbers, unknown ones as CODE_<n>', () => {
    expect(verdictName(2)).toBe('DROPPED');
    expect(verdictName(42)).toBe('CODE_42');
    expect(verdictName(-1)).toBe('CODE_-1');
    expect(tracePointName(0)).toBe('');
    expect(tracePointName(101)).toBe('TO_ENDPOINT');
    expect(nodeStateName(9)).toBe('UNKNOWN_NODE_STATE');
    expect(dropReasonText(0, 0, 2)).toBe('DROP_REASON_UNKNOWN');
    expect(dropReasonText(0, 181, 2)).toBe('POLICY_DENY');
    expect(dropReasonText(133, 181, 2)).toBe('POLICY_DENIED');
    expect(dropReasonText(0, 0, 1)).toBe('');
  });

  it('prints TCP flags in wire order from a field-number bit mask', () => {
    expect(tcpFlagsText(0)).toBe('');
    expect(tcpFlagsText(0b10010)).toBe('SYN,ACK');
    expect(tcpFlagsText(0x1ff)).toBe('FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,NS');
    expect(tcpFlagsText(0b10010)).toBe('SYN,ACK'); // cached entry
  });

  it('parses back exactly what formatTimestamp printed', () => {
    for (const [s, n] of [
      [1692619938, 0],
      [1692619938, 500_000_000],
      [1692619938, 510_175_000],
      [1692619939, 1],
      [0, 999_999_999],
    ] as const) {
      expect(parseTimestampText(formatTimestamp(s, n))).toEqual({ seconds: s, nanos: n });
    }
    expect(parseTimestampText('yesterday')).toBeNull();
    expect(parseTimestampText('2023-08-21T12:12:18.1234567891Z')).toBeNull();
  });
});
