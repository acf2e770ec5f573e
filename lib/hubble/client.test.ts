import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RelayError,
  channelOptions,
  createRelayClient,
  loadTlsFiles,
  toRelayError,
} from '@/lib/hubble/client';

let dir: string;
let certFile: string;
let keyFile: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowscope-tls-'));
  const pems = await generate([{ name: 'commonName', value: 'flowscope' }], { keyType: 'ec' });
  certFile = path.join(dir, 'tls.crt');
  keyFile = path.join(dir, 'tls.key');
  fs.writeFileSync(certFile, pems.cert);
  fs.writeFileSync(keyFile, pems.private);
  fs.writeFileSync(path.join(dir, 'garbage.crt'), 'not a certificate\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('loadTlsFiles', () => {
  it('reads CA, client cert and key and keeps the server name', async () => {
    const tls = await loadTlsFiles({
      caFile: certFile,
      certFile,
      keyFile,
      serverName: 'ui.hubble-relay.cilium.io',
    });
    expect(tls.caPem?.toString()).toContain('BEGIN CERTIFICATE');
    expect(tls.keyPem?.toString()).toContain('PRIVATE KEY');
    expect(tls.serverName).toBe('ui.hubble-relay.cilium.io');
  });

  it('names the missing file', async () => {
    const missing = path.join(dir, 'nope.crt');
    await expect(loadTlsFiles({ caFile: missing })).rejects.toThrow(
      `cannot read TLS CA certificate file ${missing}: ENOENT`,
    );
  });

  it('names the file that is not PEM', async () => {
    const bad = path.join(dir, 'garbage.crt');
    await expect(loadTlsFiles({ caFile: bad })).rejects.toThrow(
      new RegExp(`^TLS CA certificate file ${bad} is not a valid PEM cert`),
    );
    // A certificate is not a key.
    await expect(loadTlsFiles({ certFile, keyFile: certFile })).rejects.toThrow(
      `TLS client key file ${certFile} is not a valid PEM key`,
    );
  });

  it('rejects a client certificate without its key', async () => {
    await expect(loadTlsFiles({ certFile })).rejects.toThrow(/must be set together/);
  });
});

describe('channel options', () => {
  it('never enables transport keepalive and overrides the TLS name and authority', () => {
    const plain = channelOptions({ addr: 'localhost:4245' });
    expect(plain['grpc.keepalive_time_ms']).toBeUndefined();
    expect(plain['grpc.keepalive_permit_without_calls']).toBe(0);
    expect(plain['grpc.ssl_target_name_override']).toBeUndefined();
    const tls = channelOptions({
      addr: 'hubble-relay:443',
      tls: { serverName: 'ui.hubble-relay.cilium.io' },
    });
    expect(tls['grpc.ssl_target_name_override']).toBe('ui.hubble-relay.cilium.io');
    expect(tls['grpc.default_authority']).toBe('ui.hubble-relay.cilium.io');
  });
});

describe('RelayError', () => {
  it('carries the status name, details and address', () => {
    const e = toRelayError(
      { code: grpc.status.UNAVAILABLE, details: 'No connection established', message: 'x' },
      '10.0.0.1:4245',
    );
    expect(e).toBeInstanceOf(RelayError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.grpcCode).toBe(14);
    expect(e.message).toBe('UNAVAILABLE: No connection established (relay 10.0.0.1:4245)');
    expect(toRelayError(new Error('boom'), 'a:1').message).toBe('UNKNOWN: boom (relay a:1)');
  });

  it('unary calls against a closed port fail with UNAVAILABLE and the address', async () => {
    const srv = new grpc.Server();
    const port = await new Promise<number>((res, rej) =>
      srv.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? rej(e) : res(p),
      ),
    );
    srv.forceShutdown();
    const client = createRelayClient({ addr: `127.0.0.1:${port}`, unaryTimeoutMs: 2000 });
    try {
      const err = await client.serverStatus().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(RelayError);
      expect((err as RelayError).code).toBe('UNAVAILABLE');
      expect((err as RelayError).address).toBe(`127.0.0.1:${port}`);
    } finally {
      client.close();
    }
  });
});
