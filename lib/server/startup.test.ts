import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from './env';
import { describeSource, startFromEnv } from './startup';

afterEach(() => vi.restoreAllMocks());

describe('startFromEnv', () => {
  it('prints every configuration problem and exits with status 1', () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((msg: string) => void errors.push(msg));
    const exit = vi.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    expect(() =>
      startFromEnv({ HUBBLE_RELAY_ADDR: 'relay', PORT: 'x', FLOWSCOPE_SOURCE: 'kafka' }, exit),
    ).toThrow('exit 1');
    expect(exit).toHaveBeenCalledWith(1);
    const text = errors.join('\n');
    expect(text).toContain('HUBBLE_RELAY_ADDR="relay"');
    expect(text).toContain('PORT="x"');
    expect(text).toContain('FLOWSCOPE_SOURCE="kafka"');
    expect(text).toContain('docs/configuration.md');
  });
});

describe('describeSource', () => {
  it('names the relay address and TLS settings', () => {
    const files = { fileExists: () => true };
    expect(describeSource(parseConfig({}, files))).toBe(
      'Hubble Relay at localhost:4245 (plaintext)',
    );
    expect(
      describeSource(
        parseConfig({ HUBBLE_RELAY_ADDR: 'tls://relay:443', HUBBLE_TLS_CA_FILE: 'ca.crt' }, files),
      ),
    ).toBe('Hubble Relay at relay:443 (TLS, server name ui.hubble-relay.cilium.io, CA ca.crt)');
    expect(describeSource(parseConfig({ FLOWSCOPE_SOURCE: 'sim' }, files))).toMatch(
      /^built-in simulated cluster \(50 flows\/s, seed 1\)/,
    );
  });
});
