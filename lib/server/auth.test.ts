import { describe, expect, it } from 'vitest';
import { constantTimeEqual, decideAuth, parseBasic } from './auth';
import { resolveAuth } from './env';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

function decide(env: Record<string, string>, path: string, header: string | null = null) {
  const { auth, problems } = resolveAuth(env);
  return decideAuth(auth, path, header, problems);
}

describe('decideAuth', () => {
  it('is open on loopback by default', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
      expect(decide({ HOSTNAME: host }, '/api/v1/flows')).toEqual({ allow: true });
    }
  });

  it('requires a password when bound beyond loopback (or HOSTNAME unset), 503 with the fix when none is set', () => {
    for (const env of [{ HOSTNAME: '0.0.0.0' }, { HOSTNAME: 'flowscope-7d9f8' }, {}] as Record<
      string,
      string
    >[]) {
      const d = decide(env, '/');
      expect(d.allow).toBe(false);
      if (d.allow) continue;
      expect(d.status).toBe(503);
      expect(d.body).toContain('FLOWSCOPE_AUTH_PASSWORD');
      expect(d.body).toContain('HOSTNAME=127.0.0.1');
    }
  });

  it('accepts the right credentials, 401 with a challenge otherwise', () => {
    const env = { HOSTNAME: '0.0.0.0', FLOWSCOPE_AUTH_PASSWORD: 's3cret pass' };
    expect(decide(env, '/flows', basic('flowscope', 's3cret pass'))).toEqual({ allow: true });
    for (const header of [
      null,
      basic('flowscope', 's3cret'),
      basic('admin', 's3cret pass'),
      'Bearer x',
      'Basic !!',
    ]) {
      const d = decide(env, '/flows', header);
      expect(d.allow).toBe(false);
      if (!d.allow) {
        expect(d.status).toBe(401);
        expect(d.headers['WWW-Authenticate']).toBe('Basic realm="Flowscope", charset="UTF-8"');
      }
    }
    const custom = { ...env, FLOWSCOPE_AUTH_USER: 'ops' };
    expect(decide(custom, '/', basic('ops', 's3cret pass'))).toEqual({ allow: true });
  });

  it('never guards the kubelet probes', () => {
    expect(decide({ HOSTNAME: '0.0.0.0' }, '/healthz')).toEqual({ allow: true });
    expect(decide({ HOSTNAME: '0.0.0.0' }, '/readyz')).toEqual({ allow: true });
    expect(decide({ HOSTNAME: '0.0.0.0' }, '/healthz/x').allow).toBe(false);
  });

  it('FLOWSCOPE_AUTH=off disables it, =on forces it even on loopback', () => {
    expect(decide({ HOSTNAME: '0.0.0.0', FLOWSCOPE_AUTH: 'off' }, '/')).toEqual({ allow: true });
    const forced = decide(
      { HOSTNAME: '127.0.0.1', FLOWSCOPE_AUTH: 'on', FLOWSCOPE_AUTH_PASSWORD: 'p' },
      '/',
    );
    expect(forced.allow === false && forced.status).toBe(401);
  });

  it('fails closed on a misconfigured auth variable', () => {
    const d = decide({ HOSTNAME: '127.0.0.1', FLOWSCOPE_AUTH: 'maybe' }, '/');
    expect(d.allow === false && d.status).toBe(503);
    expect(d.allow === false && d.body).toContain('FLOWSCOPE_AUTH="maybe"');
  });
});

describe('helpers', () => {
  it('parseBasic decodes UTF-8 and keeps colons in the password', () => {
    expect(parseBasic(basic('ü', 'a:b'))).toEqual({ user: 'ü', password: 'a:b' });
    expect(parseBasic('Basic ' + Buffer.from('nocolon').toString('base64'))).toBeNull();
    expect(parseBasic(null)).toBeNull();
  });

  it('constantTimeEqual compares whole strings', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
