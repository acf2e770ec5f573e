import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './env';

const files = new Set([
  'ca.crt',
  'tls.crt',
  'tls.key',
  'flows.jsonl',
  'dump',
  '/home/op/.kube/config',
]);
const parse = (env: Record<string, string>) => parseConfig(env, { fileExists: p => files.has(p) });

function problems(env: Record<string, string>): string[] {
  try {
    parse(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    const c = parse({});
    expect(c.source).toEqual({ kind: 'relay' });
    expect(c.relay).toEqual({ addr: 'localhost:4245', tls: null });
    expect(c.retainRaw).toBe(20_000);
    expect(c.retainFlows).toBe(200_000);
    expect(c.backfill).toBe(200_000);
    expect(c.sim).toEqual({ rate: 50, seed: 1, scale: null });
    expect(c.server).toEqual({ port: 3000, hostname: '', loopback: false });
    expect(c.auth).toEqual({ mode: 'auto', required: true, user: 'flowscope', password: null });
    expect(c.warnings.join('\n')).toMatch(/FLOWSCOPE_AUTH_PASSWORD is not set/);
  });

  it('reads every variable', () => {
    const c = parse({
      FLOWSCOPE_SOURCE: 'fixture:flows.jsonl',
      HUBBLE_RELAY_ADDR: 'tls://hubble-relay.kube-system.svc:443',
      HUBBLE_TLS_CA_FILE: 'ca.crt',
      HUBBLE_TLS_CERT_FILE: 'tls.crt',
      HUBBLE_TLS_KEY_FILE: 'tls.key',
      HUBBLE_TLS_SERVER_NAME: 'instance.hubble-relay.cilium.io',
      FLOWSCOPE_RETAIN_RAW: '5000',
      FLOWSCOPE_RETAIN_FLOWS: '100_000',
      FLOWSCOPE_BACKFILL: '0',
      FLOWSCOPE_SIM_RATE: '2.5',
      FLOWSCOPE_SIM_SEED: '42',
      FLOWSCOPE_SIM_SCALE: '2_000',
      PORT: '8080',
      HOSTNAME: '127.0.0.1',
      FLOWSCOPE_AUTH_USER: 'ops',
      FLOWSCOPE_AUTH_PASSWORD: ' spaced ',
    });
    expect(c.source).toEqual({ kind: 'fixture', path: 'flows.jsonl' });
    expect(c.relay).toEqual({
      addr: 'hubble-relay.kube-system.svc:443',
      tls: {
        caFile: 'ca.crt',
        certFile: 'tls.crt',
        keyFile: 'tls.key',
        serverName: 'instance.hubble-relay.cilium.io',
      },
    });
    expect([c.retainRaw, c.retainFlows, c.backfill]).toEqual([5000, 100_000, 0]);
    expect(c.sim).toEqual({ rate: 2.5, seed: 42, scale: 2000 });
    expect(c.server).toEqual({ port: 8080, hostname: '127.0.0.1', loopback: true });
    expect(c.auth).toEqual({ mode: 'auto', required: false, user: 'ops', password: ' spaced ' });
    expect(c.warnings).toEqual([]);
  });

  it('HUBBLE_TLS=true uses the hubble-ui server name by default; IPv6 literals are accepted', () => {
    const c = parse({ HUBBLE_TLS: 'true', HUBBLE_RELAY_ADDR: '[::1]:4245' });
    expect(c.relay.tls).toEqual({
      caFile: null,
      certFile: null,
      keyFile: null,
      serverName: 'ui.hubble-relay.cilium.io',
    });
    expect(c.relay.addr).toBe('[::1]:4245');
  });

  it('lists every problem at once, naming each variable', () => {
    const p = problems({
      FLOWSCOPE_SOURCE: 'kafka',
      HUBBLE_RELAY_ADDR: 'http://relay:80',
      HUBBLE_TLS: 'maybe',
      FLOWSCOPE_RETAIN_RAW: 'lots',
      FLOWSCOPE_SIM_RATE: '-1',
      PORT: '70000',
      FLOWSCOPE_AUTH: 'sometimes',
    });
    expect(p).toHaveLength(7);
    expect(p[0]).toMatch(/^FLOWSCOPE_SOURCE="kafka": expected relay, sim or fixture:/);
    expect(p.find(x => x.startsWith('HUBBLE_RELAY_ADDR'))).toMatch(
      /unsupported scheme "http:\/\/"/,
    );
    expect(p.find(x => x.startsWith('HUBBLE_TLS='))).toMatch(/expected true or false/);
    expect(p.find(x => x.startsWith('FLOWSCOPE_RETAIN_RAW'))).toMatch(
      /whole number from 100 to 1000000/,
    );
    expect(p.find(x => x.startsWith('PORT'))).toMatch(/from 1 to 65535/);
  });

  it('scales the default simulated flow rate with FLOWSCOPE_SIM_SCALE unless a rate is given', () => {
    expect(parse({ FLOWSCOPE_SIM_SCALE: '500' }).sim.rate).toBe(2_500);
    expect(parse({ FLOWSCOPE_SIM_SCALE: '5000' }).sim.rate).toBe(10_000);
    expect(parse({ FLOWSCOPE_SIM_SCALE: '500', FLOWSCOPE_SIM_RATE: '7' }).sim.rate).toBe(7);
    expect(parse({}).sim.rate).toBe(50);
  });

  it('FLOWSCOPE_SIM_SCALE takes a workload count within bounds, with a clear error otherwise', () => {
    expect(parse({ FLOWSCOPE_SIM_SCALE: '500' }).sim.scale).toBe(500);
    for (const raw of ['lots', '-5', '2.5', '3', '5001']) {
      const p = problems({ FLOWSCOPE_SIM_SCALE: raw });
      expect(p).toEqual([
        `FLOWSCOPE_SIM_SCALE=${JSON.stringify(raw)}: expected the built-in cluster's number of workloads, a whole number from 10 to 5000`,
      ]);
    }
  });

  it('rejects garbage relay addresses with a clear message', () => {
    for (const addr of ['relay', 'relay:', ':4245', 'relay:99999', 'a b:1', 'tls://']) {
      const p = problems({ HUBBLE_RELAY_ADDR: addr });
      expect(p).toHaveLength(1);
      expect(p[0]).toContain(`HUBBLE_RELAY_ADDR=${JSON.stringify(addr)}`);
    }
  });

  it('catches inconsistent TLS and retention settings and missing files', () => {
    const p = problems({
      HUBBLE_TLS_CA_FILE: 'missing.crt',
      HUBBLE_TLS_CERT_FILE: 'tls.crt',
      FLOWSCOPE_RETAIN_RAW: '300000',
      FLOWSCOPE_SOURCE: 'fixture:nope.jsonl',
    });
    expect(p).toContain('HUBBLE_TLS_CA_FILE="missing.crt": file not found');
    expect(p.some(x => x.startsWith('HUBBLE_TLS_CA_FILE is set but TLS is off'))).toBe(true);
    expect(
      p.some(x => x.startsWith('HUBBLE_TLS_CERT_FILE and HUBBLE_TLS_KEY_FILE go together')),
    ).toBe(true);
    expect(p.some(x => x.startsWith('FLOWSCOPE_RETAIN_RAW (300000) must not exceed'))).toBe(true);
    expect(p).toContain('FLOWSCOPE_SOURCE="fixture:nope.jsonl": file "nope.jsonl" not found');
    expect(problems({ HUBBLE_TLS: 'false', HUBBLE_RELAY_ADDR: 'tls://r:443' })[0]).toMatch(
      /contradicts/,
    );
  });

  it('ConfigError message lists problems one per line', () => {
    try {
      parse({ PORT: 'x', FLOWSCOPE_SOURCE: 'y' });
    } catch (e) {
      expect((e as Error).message.split('\n')).toHaveLength(3);
      expect(e).toBeInstanceOf(ConfigError);
    }
  });

  it('picks the cluster status source by default like kubectl would', () => {
    const pick = (env: Record<string, string>) => parse(env).cluster;
    expect(pick({})).toEqual({
      status: { kind: 'none' },
      statusDefaulted: true,
      namespace: 'kube-system',
    });
    expect(pick({ FLOWSCOPE_SOURCE: 'sim' }).status).toEqual({ kind: 'sim' });
    expect(pick({ KUBERNETES_SERVICE_HOST: '10.96.0.1' }).status).toEqual({
      kind: 'kubernetes',
      exec: false,
    });
    expect(pick({ KUBECONFIG: 'missing:tls.crt' }).status.kind).toBe('kubernetes');
    expect(pick({ KUBECONFIG: 'missing' }).status.kind).toBe('none');
    expect(pick({ HOME: '/home/op' }).status.kind).toBe('kubernetes');
    expect(pick({ HOME: '/home/nobody' }).status.kind).toBe('none');
  });

  it('reads FLOWSCOPE_STATUS_SOURCE and FLOWSCOPE_CILIUM_NAMESPACE', () => {
    const pick = (env: Record<string, string>) => parse(env).cluster;
    expect(pick({ FLOWSCOPE_STATUS_SOURCE: 'exec', FLOWSCOPE_CILIUM_NAMESPACE: 'cilium' })).toEqual(
      { status: { kind: 'kubernetes', exec: true }, statusDefaulted: false, namespace: 'cilium' },
    );
    expect(pick({ FLOWSCOPE_STATUS_SOURCE: 'file:dump' }).status).toEqual({
      kind: 'file',
      dir: 'dump',
    });
    // An explicit choice wins over the automatic one, even with the built-in flow source.
    expect(pick({ FLOWSCOPE_SOURCE: 'sim', FLOWSCOPE_STATUS_SOURCE: 'none' }).status).toEqual({
      kind: 'none',
    });
    expect(pick({ FLOWSCOPE_STATUS_SOURCE: 'kubernetes' }).status).toEqual({
      kind: 'kubernetes',
      exec: false,
    });
  });

  it('rejects bad status sources and namespaces, naming the variable', () => {
    const p = problems({
      FLOWSCOPE_STATUS_SOURCE: 'cilium-cli',
      FLOWSCOPE_CILIUM_NAMESPACE: 'Kube_System',
    });
    expect(p).toHaveLength(2);
    expect(p.find(x => x.startsWith('FLOWSCOPE_STATUS_SOURCE'))).toMatch(
      /expected kubernetes, exec .* file:<dir>, sim or none/,
    );
    expect(p.find(x => x.startsWith('FLOWSCOPE_CILIUM_NAMESPACE'))).toMatch(/namespace name/);
    expect(problems({ FLOWSCOPE_STATUS_SOURCE: 'file:' })[0]).toMatch(/needs a directory/);
    expect(problems({ FLOWSCOPE_STATUS_SOURCE: 'file:/nope' })[0]).toBe(
      'FLOWSCOPE_STATUS_SOURCE="file:/nope": directory "/nope" not found',
    );
  });
});
