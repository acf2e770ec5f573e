import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '@/lib/model/flow-record';
import { compileIpMatcher, parseIpNet } from './ip';
import { compileQuery } from './match';
import { parseQuery } from './parse';
import { dnsRecord, dropped, flowBetween, httpResponse, pod, world } from './testing/flow-builder';

const web = pod('shop', 'web-7d9f8-abcde', { ip: '10.100.1.12' });
const api = pod('shop', 'api-5c6d7-fghij', { ip: '10.100.2.20' });
const db = pod('data', 'postgres-0', { ip: '10.100.0.30', port: 5432 });
const dns = pod('kube-system', 'coredns-6f6b-x1', { ip: '10.100.0.5', port: 53 });
const def = pod('default', 'xwing', { ip: '10.100.1.99' });
const ext = world('203.0.113.7', { names: ['api.payments.example.com.'], port: 443 });

const flows: Record<string, FlowRecord> = {
  webToApi: flowBetween(web, api),
  apiToDb: flowBetween(api, db, { node: 'worker243' }),
  dropWebDb: dropped(web, db),
  dnsQuery: flowBetween(web, dns, {
    l4: 'UDP',
    tcpFlags: '',
    type: 'L7',
    eventType: 129,
    l7: dnsRecord('api.shop.svc.cluster.local.', 3),
  }),
  http503: flowBetween(api, web, {
    type: 'L7',
    eventType: 129,
    l7: httpResponse(503, 'http://web:8080/cart?id=1'),
  }),
  http404: flowBetween(api, web, {
    type: 'L7',
    eventType: 129,
    l7: httpResponse(404, 'http://web:8080/missing', 'POST'),
  }),
  toWorld: flowBetween(api, ext, {
    direction: 'EGRESS',
    traceObservationPoint: 'TO_STACK',
    eventSubType: 3,
  }),
  xwing: flowBetween(def, web, { node: 'kind-kind/kind-worker' }),
  icmp: flowBetween(web, api, { l4: 'ICMPv4', tcpFlags: '', icmp: { type: 8, code: 0 } }),
  v6: flowBetween(pod('shop', 'web6', { ip: 'fd00:10:100::12' }), api, { ipVersion: 'IPv6' }),
};

/** Names of the fixture flows that `q` selects. */
function select(q: string): string[] {
  const match = compileQuery(parseQuery(q));
  return Object.entries(flows)
    .filter(([, f]) => match(f))
    .map(([k]) => k)
    .sort();
}

const all = Object.keys(flows).sort();

describe('compileQuery', () => {
  it('matches everything for an empty query', () => {
    expect(select('')).toEqual(all);
  });

  it('--namespace matches either side', () => {
    expect(select('--namespace data')).toEqual(['apiToDb', 'dropWebDb']);
    expect(select('--from-namespace data')).toEqual([]);
    expect(select('--to-namespace kube-system')).toEqual(['dnsQuery']);
  });

  it('--pod takes a prefix; without a namespace it means "default", "/x" means any namespace', () => {
    expect(select('--pod shop/api-')).toEqual([
      'apiToDb',
      'http404',
      'http503',
      'icmp',
      'toWorld',
      'v6',
      'webToApi',
    ]);
    expect(select('--pod xwing')).toEqual(['xwing']);
    expect(select('--pod postgres')).toEqual([]);
    expect(select('--pod /postgres')).toEqual(['apiToDb', 'dropWebDb']);
    expect(select('--from-pod shop/web --to-namespace data')).toEqual(['dropWebDb']);
  });

  it('repeated flag values are OR, different flags AND, --not excludes', () => {
    expect(select('--verdict DROPPED --verdict FORWARDED --namespace data')).toEqual([
      'apiToDb',
      'dropWebDb',
    ]);
    expect(select('--namespace data --not --verdict DROPPED')).toEqual(['apiToDb']);
    expect(select('--not --namespace shop')).toEqual([]);
    expect(select('--not --namespace data --not --namespace kube-system')).toEqual(
      all.filter(k => !['apiToDb', 'dropWebDb', 'dnsQuery'].includes(k)),
    );
  });

  it('verdict, drop reason and event type', () => {
    expect(select('--verdict dropped')).toEqual(['dropWebDb']);
    expect(select('--drop-reason policy_denied')).toEqual(['dropWebDb']);
    expect(select('--drop-reason STALE_OR_UNROUTABLE_IP')).toEqual([]);
    expect(select('--type drop')).toEqual(['dropWebDb']);
    expect(select('--type trace:to-stack')).toEqual(['toWorld']);
    expect(select('--type l7')).toEqual(['dnsQuery', 'http404', 'http503']);
  });

  it('protocols cover L4 and L7', () => {
    expect(select('--protocol udp')).toEqual(['dnsQuery']);
    expect(select('--protocol dns')).toEqual(['dnsQuery']);
    expect(select('--protocol http')).toEqual(['http404', 'http503']);
    expect(select('--protocol icmp')).toEqual(['icmp']);
    expect(select('--protocol icmpv6')).toEqual([]);
  });

  it('HTTP status exact and prefix, method, path; DNS query regex', () => {
    expect(select('--http-status 5+')).toEqual(['http503']);
    expect(select('--http-status 404')).toEqual(['http404']);
    expect(select('--http-status 4+ --http-status 50+')).toEqual(['http404', 'http503']);
    expect(select('--http-method post')).toEqual(['http404']);
    expect(select('--http-path ^/cart$')).toEqual(['http503']);
    expect(select('--dns-query "shop\\.svc"')).toEqual(['dnsQuery']);
  });

  it('ports, IPs and CIDRs (v4 and v6), FQDN wildcards', () => {
    expect(select('--to-port 5432')).toEqual(['apiToDb', 'dropWebDb']);
    expect(select('--port 53')).toEqual(['dnsQuery']);
    expect(select('--to-ip 10.100.0.0/24')).toEqual(['apiToDb', 'dnsQuery', 'dropWebDb']);
    expect(select('--ip 10.100.0.5')).toEqual(['dnsQuery']);
    expect(select('--from-ip fd00:10:100::/48')).toEqual(['v6']);
    expect(select('--to-fqdn "*.example.com"')).toEqual(['toWorld']);
    expect(select('--fqdn api.payments.example.com')).toEqual(['toWorld']);
    expect(select('--to-fqdn "*.example.org"')).toEqual([]);
  });

  it('label selectors with and without a source prefix', () => {
    expect(select('--to-label k8s:app=postgres')).toEqual(['apiToDb', 'dropWebDb']);
    expect(select('--from-label "app in (api, xwing)" --to-label reserved:world')).toEqual([
      'toWorld',
    ]);
    expect(select('--to-label "!k8s:app"')).toEqual(['toWorld']);
    expect(select('--from-label app!=api --to-namespace data')).toEqual(['dropWebDb']);
    expect(select('--label io.kubernetes.pod.namespace=kube-system')).toEqual(['dnsQuery']);
  });

  it('node names with clusters and wildcards; identity; direction; uuid', () => {
    expect(select('--node-name worker243')).toEqual(['apiToDb']);
    expect(select('--node-name "worker*" --verdict DROPPED')).toEqual(['dropWebDb']);
    expect(select('--node-name kind-kind/')).toEqual(['xwing']);
    expect(select('--node-name "*/kind-*"')).toEqual(['xwing']);
    expect(select('--to-identity world')).toEqual(['toWorld']);
    expect(select('--traffic-direction egress')).toEqual(['toWorld']);
    expect(select(`--uuid ${flows.icmp!.id}`)).toEqual(['icmp']);
    expect(select('--ipv6')).toEqual(['v6']);
  });
});

describe('ip matching', () => {
  it('parses IPv6 forms and masks prefixes', () => {
    const m = compileIpMatcher([
      parseIpNet('fd00::/8')!,
      parseIpNet('10.0.0.0/8')!,
      parseIpNet('::ffff:1.2.3.4')!,
    ]);
    expect(m('fd12:3456::1')).toBe(true);
    expect(m('fe80::1')).toBe(false);
    expect(m('10.255.0.1')).toBe(true);
    expect(m('11.0.0.1')).toBe(false);
    expect(m('::ffff:1.2.3.4')).toBe(true);
    expect(m('')).toBe(false);
    expect(parseIpNet('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIpNet('1::2::3')).toBeNull();
    expect(parseIpNet('0.0.0.0/0')).toEqual({ version: 4, words: [0], prefix: 0 });
  });
});
