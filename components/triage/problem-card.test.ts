import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TriageProblem } from '@/lib/model/triage';
import { ProblemCard } from './problem-card';
import { changeText, impactText, sinceText } from './triage-format';

const problem: TriageProblem = {
  id: 'dns:SERVFAIL',
  kind: 'dns',
  severity: 'critical',
  score: 3400,
  title: 'DNS SERVFAIL for 69.3% of answers',
  meaning: 'The resolver could not produce an answer.',
  check: 'Check the cluster DNS pods.',
  impact: { flowsPerSec: 12.81, pctOfTraffic: 69.3, pctOf: 'of DNS answers', count: 3843 },
  sinceMs: Date.UTC(2026, 10, 25, 15, 0, 0),
  changeVsPrevious: 8.14,
  newInWindow: false,
  workloads: ['shop/orders-api', 'payments/payments-api'],
  links: {
    flows: '/flows?q=--protocol%20dns',
    graph: '/graph?window=5m',
    metrics: '/metrics?tab=dns',
  },
  benign: false,
};

describe('ProblemCard', () => {
  it('renders impact with units, trend, workloads and the three links', () => {
    const html = renderToStaticMarkup(
      createElement(ProblemCard, {
        problem,
        rank: 1,
        window: '5m',
        nowMs: problem.sinceMs! + 60_000,
      }),
    );
    expect(html).toContain('data-problem-id="dns:SERVFAIL"');
    expect(html).toContain('12.8 flows/s · 69.3 % of DNS answers · 3,843 in window');
    expect(html).toContain('up ×8.1 vs previous 5 min');
    expect(html).toContain('shop/orders-api, payments/payments-api');
    expect(html).toContain('href="/flows?q=--protocol%20dns"');
    expect(html).toContain('href="/metrics?tab=dns"');
    expect(html).not.toContain('usually harmless');
  });

  it('formats new problems, missing times and benign noise', () => {
    expect(changeText({ ...problem, newInWindow: true, changeVsPrevious: null }, '1h')).toBe(
      'new: none in the previous hour',
    );
    expect(changeText({ ...problem, changeVsPrevious: null }, 'all')).toBe('no previous window');
    expect(sinceText(null, 0)).toBe('—');
    expect(sinceText(problem.sinceMs, problem.sinceMs!)).toMatch(/\d\d:\d\d:\d\d .+/);
    const lost = {
      ...problem,
      kind: 'lost-events' as const,
      impact: { ...problem.impact, flowsPerSec: 0.5 },
    };
    expect(impactText(lost)).toMatch(/^0\.50 events\/s/);
    const html = renderToStaticMarkup(
      createElement(ProblemCard, {
        problem: { ...problem, benign: true, severity: 'info' },
        rank: 9,
        window: '5m',
        nowMs: 0,
      }),
    );
    expect(html).toContain('known noise, usually harmless');
  });
});
