import { describe, expect, it } from 'vitest';
import { QueryParseError } from './flow-query';
import { parseQuery } from './parse';
import { tokenize } from './tokenize';

function parseError(q: string): QueryParseError {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof QueryParseError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(q)} to be rejected`);
}

describe('tokenize', () => {
  it('splits like a shell, with quotes and escapes', () => {
    expect(tokenize(`--label 'app in (a, b)' --pod "shop/web \\"x\\"" a\\ b --x=''`)).toEqual([
      '--label',
      'app in (a, b)',
      '--pod',
      'shop/web "x"',
      'a b',
      '--x=',
    ]);
  });

  it('rejects an unterminated quote, naming it', () => {
    expect(() => tokenize(`--pod 'shop/web`)).toThrow(/unterminated ' quote at "'shop\/web"/);
  });
});

describe('parseQuery', () => {
  it('yields match-all for an empty or blank q', () => {
    expect(parseQuery('')).toEqual({ text: '', allow: [], deny: [] });
    expect(parseQuery('   ')).toEqual({ text: '', allow: [], deny: [] });
  });

  it('puts --namespace on either side, like hubble (two OR-ed filters)', () => {
    expect(parseQuery('--namespace shop').allow).toEqual([
      { sourcePod: ['shop/'] },
      { destinationPod: ['shop/'] },
    ]);
    expect(parseQuery('-n shop').allow).toEqual(parseQuery('--namespace=shop').allow);
  });

  it('ORs repeated values of one flag and ANDs different flags', () => {
    const q = parseQuery('--verdict DROPPED --verdict error --namespace a --namespace b');
    expect(q.allow).toEqual([
      { verdict: ['DROPPED', 'ERROR'], sourcePod: ['a/', 'b/'] },
      { verdict: ['DROPPED', 'ERROR'], destinationPod: ['a/', 'b/'] },
    ]);
  });

  it('folds --namespace into --pod prefixes and keeps one filter when both sides agree', () => {
    expect(parseQuery('--namespace shop --pod web-').allow).toEqual([
      { sourcePod: ['shop/web-'] },
      { destinationPod: ['shop/web-'] },
    ]);
    expect(parseQuery('--from-pod shop/web --to-namespace db').allow).toEqual([
      { sourcePod: ['shop/web'], destinationPod: ['db/'] },
    ]);
    expect(parseQuery('--verdict forwarded --protocol TCP').allow).toEqual([
      { verdict: ['FORWARDED'], protocol: ['tcp'] },
    ]);
  });

  it('sends the next flag after --not to the deny list only', () => {
    const q = parseQuery('--not --namespace kube-system --verdict DROPPED');
    expect(q.allow).toEqual([{ verdict: ['DROPPED'] }]);
    expect(q.deny).toEqual([{ sourcePod: ['kube-system/'] }, { destinationPod: ['kube-system/'] }]);
  });

  it('normalises values: types with sub types, identities, drop reasons, fqdn, ports', () => {
    const [f] = parseQuery(
      '--type trace:to-overlay --type drop --from-identity world --drop-reason 133 --to-fqdn API.example.com. --to-port 443 --http-status 5+ --type l7',
    ).allow;
    expect(f).toMatchObject({
      eventType: [
        { type: 4, subType: 4 },
        { type: 1, subType: null },
        { type: 129, subType: null },
      ],
      sourceIdentity: [2],
      dropReasonDesc: ['POLICY_DENIED'],
      destinationFqdn: ['api.example.com'],
      destinationPort: [443],
      httpStatusCode: ['5+'],
    });
  });

  it('accepts a pasted "hubble observe" prefix and quoted label selectors', () => {
    const q = parseQuery(`hubble observe --label 'k8s:app in (web, api)' -t policy-verdict`);
    expect(q.allow[0]).toMatchObject({
      sourceLabel: ['k8s:app in (web, api)'],
      eventType: [{ type: 5, subType: null }],
    });
    expect(q.allow[1]).toMatchObject({ destinationLabel: ['k8s:app in (web, api)'] });
  });

  describe('errors name the bad token', () => {
    it('unknown flag, with a suggestion', () => {
      const e = parseError('--namspace shop');
      expect(e.message).toBe('unknown flag "--namspace" (did you mean --namespace?)');
      expect(e.token).toBe('--namspace');
      expect(parseError('--frobnicate 1').message).toBe('unknown flag "--frobnicate"');
    });

    it('invalid enum value lists what is expected', () => {
      const e = parseError('--verdict DROPED');
      expect(e.message).toBe(
        '--verdict: invalid value "DROPED" (expected one of FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED)',
      );
      expect(e.token).toBe('DROPED');
      expect(parseError('--protocol tcpp').message).toMatch(
        /^--protocol: invalid value "tcpp" \(expected one of tcp, udp/,
      );
      expect(parseError('--drop-reason POLICY_DENID').message).toMatch(
        /^--drop-reason: invalid value "POLICY_DENID"/,
      );
      expect(parseError('--type trace:to-moon').message).toMatch(/unknown trace point "to-moon"/);
    });

    it('missing values', () => {
      expect(parseError('--namespace').message).toBe('--namespace needs a value');
      expect(parseError('--namespace --verdict DROPPED').message).toBe('--namespace needs a value');
      expect(parseError('--namespace=').message).toBe('--namespace needs a value');
      expect(parseError('-n').token).toBe('-n');
    });

    it('bad addresses, ports, statuses, selectors and regexes', () => {
      expect(parseError('--ip 10.0.0.300').message).toMatch(/^--ip: invalid value "10.0.0.300"/);
      expect(parseError('--to-ip 10.0.0.0/33').token).toBe('10.0.0.0/33');
      expect(parseError('--port 70000').message).toMatch(/^--port: invalid value "70000"/);
      expect(parseError('--http-status 6xx').message).toMatch(
        /^--http-status: invalid value "6xx"/,
      );
      expect(parseError('--label "app in (a"').message).toMatch(
        /^--label: invalid value "app in \(a"/,
      );
      expect(parseError('--http-path "(["').message).toMatch(/not a valid regular expression/);
    });

    it('stray words, --not misuse, unsupported CLI flags, conflicts', () => {
      expect(parseError('shop').message).toMatch(/^unexpected argument "shop"/);
      expect(parseError('--not').message).toBe('--not must be followed by a filter flag');
      expect(parseError('--not --not --pod a').message).toMatch(/^consecutive --not/);
      expect(parseError('--since 5m').message).toMatch(/^--since is not supported in q/);
      expect(parseError('--pod a --from-pod b').message).toBe(
        'filters --from-pod and --pod cannot be combined',
      );
      expect(parseError('--namespace a --to-pod a/x').message).toBe(
        'filters --to-pod and --namespace cannot be combined',
      );
      expect(parseError('--from-namespace a --pod b/x').message).toBe(
        'namespace conflict: "b/x" is not in namespace "a"',
      );
      expect(parseError('--type trace --http-status 500').message).toMatch(
        /^--http-status only matches l7/,
      );
      expect(parseError('--ipv4=yes').message).toBe('--ipv4 takes no value (got "yes")');
    });

    it('limits the length of q', () => {
      expect(parseError(`--pod ${'a'.repeat(5000)}`).message).toMatch(/^q is too long/);
    });
  });
});
