import { describe, expect, it } from 'vitest';
import { parseQuery } from '@/lib/query/parse';
import { compileQuery } from '@/lib/query/match';
import { dnsQuery, httpResponse, pod } from '@/lib/aggregate/testing/flow-builders';
import { dnsNameQ, flowsHref, joinQ, podArg, routeQ, statusClassQ } from './filters';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const api = pod('shop', 'orders-api-5d78c9869d-abcde');

describe('metrics click-through filters', () => {
  it('are valid q filters that match exactly the counted flows', () => {
    const dns = compileQuery(parseQuery(dnsNameQ('api.stripe.com.')));
    expect(dns(dnsQuery(web, api, 'api.stripe.com.'))).toBe(true);
    expect(dns(dnsQuery(web, api, 'apixstripe.com.'))).toBe(false);
    expect(dns(dnsQuery(web, api, 'api.stripe.com.cluster.local.'))).toBe(false);

    const route = compileQuery(
      parseQuery(joinQ(routeQ('GET', '/orders/:id/items'), '--http-status 5+')),
    );
    expect(route(httpResponse(web, api, 'GET', 'http://orders/orders/42/items', 503))).toBe(true);
    expect(route(httpResponse(web, api, 'GET', 'http://orders/orders/42/items', 200))).toBe(false);
    expect(route(httpResponse(web, api, 'POST', 'http://orders/orders/42/items', 503))).toBe(false);
  });

  it('builds status classes, pod prefixes and encoded links', () => {
    expect(statusClassQ('5xx')).toBe('--protocol http --http-status 5+');
    expect(statusClassQ('other')).toBeNull();
    expect(podArg({ label: 'orders-api', namespace: 'shop', kind: 'workload' })).toBe(
      'shop/orders-api',
    );
    expect(podArg({ label: 'world', namespace: '', kind: 'world' })).toBeNull();
    expect(flowsHref('--verdict DROPPED', '', '--drop-reason POLICY_DENIED')).toBe(
      '/flows?q=--verdict%20DROPPED%20--drop-reason%20POLICY_DENIED',
    );
    for (const q of [statusClassQ('2xx')!, '--verdict DROPPED --node-name worker242']) {
      expect(() => parseQuery(q)).not.toThrow();
    }
  });
});
