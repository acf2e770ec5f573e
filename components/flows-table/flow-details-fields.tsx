import type { ReactNode } from 'react';
import type { EndpointRecord, L7Record } from '@/lib/model/flow-record';
import { dnsRcodeName, formatLatency } from './flow-format';

type FieldValue = string | number | boolean | null | readonly string[];

function display(value: FieldValue): ReactNode {
  if (value === null || value === '' || value === 0) return <span className="muted">—</span>;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">—</span>;
    return (
      <ul>
        {value.map((v, i) => (
          <li key={i}>{v}</li>
        ))}
      </ul>
    );
  }
  return String(value);
}

/** A definition list of label/value pairs; values are always rendered as text. */
export function Fields({ rows }: { rows: readonly (readonly [string, FieldValue])[] }) {
  return (
    <dl className="fields">
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{display(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Every EndpointRecord field of one side of the flow. */
export function EndpointFields({ title, ep }: { title: string; ep: EndpointRecord }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <Fields
        rows={[
          ['Namespace', ep.namespace],
          ['Pod', ep.pod],
          ['IP', ep.ip],
          ['Port', ep.port],
          ['DNS names', ep.names],
          ['Service', ep.service],
          ['Identity', ep.identity],
          ['Endpoint ID', ep.endpointId],
          ['Cluster', ep.cluster],
          ['Workloads', ep.workloads.map(w => `${w.kind}/${w.name}`)],
          ['Labels', ep.labels],
        ]}
      />
    </section>
  );
}

/** The L7 record: HTTP, DNS or Kafka details plus latency. */
export function L7Fields({ l7 }: { l7: L7Record }) {
  const common: [string, FieldValue][] = [
    ['L7 type', l7.type],
    ['Latency', l7.latencyNs > 0 ? formatLatency(l7.latencyNs) : null],
  ];
  const http: [string, FieldValue][] = l7.http
    ? [
        ['HTTP method', l7.http.method],
        ['URL', l7.http.url],
        ['Status', l7.http.code],
        ['Protocol', l7.http.protocol],
      ]
    : [];
  const dns: [string, FieldValue][] = l7.dns
    ? [
        ['DNS query', l7.dns.query],
        ['Query types', l7.dns.qtypes],
        [
          'Response code',
          l7.type === 'REQUEST' ? null : `${dnsRcodeName(l7.dns.rcode)} (${l7.dns.rcode})`,
        ],
        ['Answer types', l7.dns.rrtypes],
        ['Answer IPs', l7.dns.ips],
        ['TTL', l7.dns.ttl > 0 ? `${l7.dns.ttl} s` : null],
        ['Observed by', l7.dns.observationSource],
      ]
    : [];
  const kafka: [string, FieldValue][] =
    l7.kafkaTopic !== null ? [['Kafka topic', l7.kafkaTopic]] : [];
  return (
    <section aria-label="Layer 7">
      <h2>Layer 7</h2>
      <Fields rows={[...common, ...http, ...dns, ...kafka]} />
    </section>
  );
}
