import { describe, expect, it } from 'vitest';
import { endpoint, flowRecord, l7Record, podEndpoint } from '@/lib/client/testing/flow-builder';
import {
  formatClock,
  formatEndpoint,
  formatL7,
  formatLatency,
  formatProtocol,
  formatRate,
  urlPath,
  verdictTone,
} from './flow-format';

const http = (method: string, url: string, code: number) => ({
  method,
  url,
  code,
  protocol: 'HTTP/1.1',
});
const dns = (query: string, rcode: number, ips: string[] = []) => ({
  query,
  rcode,
  qtypes: ['A'],
  rrtypes: ips.length > 0 ? ['A'] : [],
  ips,
  ttl: 30,
  observationSource: 'proxy',
});

describe('formatClock', () => {
  it('renders UTC time with milliseconds', () => {
    expect(formatClock(Date.UTC(2026, 0, 2, 14, 3, 7, 123.9))).toBe('14:03:07.123');
  });
});

describe('formatLatency', () => {
  it('chooses a unit and precision by magnitude', () => {
    expect(formatLatency(48_200_000)).toBe('48 ms');
    expect(formatLatency(4_820_000)).toBe('4.8 ms');
    expect(formatLatency(420_000)).toBe('0.42 ms');
    expect(formatLatency(1_250_000_000)).toBe('1.3 s');
  });
});

describe('formatRate', () => {
  it('always carries the unit', () => {
    expect(formatRate(12.34)).toBe('12.3 flows/s');
    expect(formatRate(12_345.6)).toBe('12,346 flows/s');
  });
});

describe('formatEndpoint', () => {
  it('prefers namespace/pod and appends the port for destinations', () => {
    const ep = podEndpoint('shop', 'cart-5f6b8', '10.100.2.23', 8080);
    expect(formatEndpoint(ep, true).primary).toBe('shop/cart-5f6b8:8080');
    expect(formatEndpoint(ep).primary).toBe('shop/cart-5f6b8');
    expect(formatEndpoint(ep).title).toContain('10.100.2.23:8080');
  });

  it('shows the DNS name of a world endpoint with the reserved identity as a tag', () => {
    const ep = endpoint({
      identity: 2,
      ip: '52.1.2.3',
      port: 443,
      names: ['api.stripe.com'],
      labels: ['reserved:world'],
    });
    expect(formatEndpoint(ep, true)).toMatchObject({ primary: 'api.stripe.com:443', tag: 'world' });
  });

  it('falls back to the IP, then the reserved label, then a dash', () => {
    expect(formatEndpoint(endpoint({ ip: '10.0.0.1', labels: ['reserved:host'] }))).toMatchObject({
      primary: '10.0.0.1',
      tag: 'host',
    });
    expect(formatEndpoint(endpoint({ labels: ['reserved:health'] }))).toMatchObject({
      primary: 'health',
      tag: '',
    });
    expect(formatEndpoint(endpoint()).primary).toBe('—');
  });

  it('returns hostile strings unchanged, as text for React to escape', () => {
    const evil = '<img src=x onerror=alert(1)>';
    expect(formatEndpoint(endpoint({ namespace: 'shop', pod: evil })).primary).toBe(`shop/${evil}`);
  });
});

describe('formatProtocol', () => {
  it('shows protocol and destination port', () => {
    expect(formatProtocol(flowRecord())).toBe('TCP 8080');
    expect(
      formatProtocol(
        flowRecord({ l4: 'UDP', dst: podEndpoint('kube-system', 'coredns-1', '10.100.0.5', 53) }),
      ),
    ).toBe('UDP 53');
  });

  it('shows the service port, which is the source port on a reply', () => {
    const reply = flowRecord({
      isReply: true,
      src: podEndpoint('shop', 'cart-5f6b8', '10.100.2.23', 8080),
      dst: podEndpoint('shop', 'frontend-7d9c5', '10.100.1.15', 43512),
    });
    expect(formatProtocol(reply)).toBe('TCP 8080');
  });

  it('names common ICMP types and handles a missing L4 layer', () => {
    expect(formatProtocol(flowRecord({ l4: 'ICMPv4', icmp: { type: 8, code: 0 } }))).toBe(
      'ICMPv4 echo',
    );
    expect(formatProtocol(flowRecord({ l4: 'ICMPv6', icmp: { type: 200, code: 0 } }))).toBe(
      'ICMPv6 type 200',
    );
    expect(formatProtocol(flowRecord({ l4: 'ICMPv4', icmp: null }))).toBe('ICMPv4');
    expect(formatProtocol(flowRecord({ l4: '', ipVersion: '' }))).toBe('—');
  });
});

describe('formatL7', () => {
  it('summarises an HTTP response with status and latency', () => {
    const f = flowRecord({
      type: 'L7',
      l7: l7Record({
        latencyNs: 48_000_000,
        http: http('GET', 'http://cart.shop:8080/api/cart/123', 503),
      }),
    });
    expect(formatL7(f)).toBe('GET /api/cart/123 → 503 (48 ms)');
  });

  it('summarises an HTTP request without a status', () => {
    const f = flowRecord({
      l7: l7Record({ type: 'REQUEST', http: http('POST', '/checkout?x=1', 0) }),
    });
    expect(formatL7(f)).toBe('POST /checkout?x=1');
  });

  it('summarises DNS failures by rcode name and answers by first IP', () => {
    expect(formatL7(flowRecord({ l7: l7Record({ dns: dns('api.stripe.com.', 3) }) }))).toBe(
      'DNS A api.stripe.com → NXDOMAIN',
    );
    expect(
      formatL7(
        flowRecord({ l7: l7Record({ dns: dns('db.shop.svc.', 0, ['10.1.2.3', '10.1.2.4']) }) }),
      ),
    ).toBe('DNS A db.shop.svc → 10.1.2.3 +1');
    expect(formatL7(flowRecord({ l7: l7Record({ type: 'REQUEST', dns: dns('x.io.', 0) }) }))).toBe(
      'DNS A x.io?',
    );
  });

  it('is empty for L3/L4 flows', () => {
    expect(formatL7(flowRecord())).toBe('');
  });
});

describe('verdictTone', () => {
  it('colours drops as bad and forwards as ok', () => {
    expect(verdictTone('DROPPED')).toBe('bad');
    expect(verdictTone('FORWARDED')).toBe('ok');
    expect(verdictTone('CODE_42')).toBe('neutral');
  });
});

describe('urlPath', () => {
  it('cuts scheme and host but keeps the path exactly as sent', () => {
    expect(urlPath('http://cart.shop:8080/api/cart/123?x=1')).toBe('/api/cart/123?x=1');
    expect(urlPath('https://example.com')).toBe('/');
    expect(urlPath('http://shop/<b>x</b>')).toBe('/<b>x</b>');
    expect(urlPath('/relative')).toBe('/relative');
  });
});
