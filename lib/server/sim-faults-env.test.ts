import { describe, expect, it } from 'vitest';
import { simFaultsFromEnv } from './sim-faults-env';

describe('simFaultsFromEnv', () => {
  it('reads known faults and skips unknown ones', () => {
    expect(simFaultsFromEnv({ FLOWSCOPE_SIM_FAULTS: 'dns-servfail, nope,node-down' })).toEqual([
      'dns-servfail',
      'node-down',
    ]);
    expect(simFaultsFromEnv({})).toEqual([]);
  });
});
