/**
 * Thin Hubble Relay client on @grpc/grpc-js: one channel, GetFlows as an AsyncIterable of
 * {msg, bytes}, and the three unary calls with deadlines. Reconnecting, resuming and de-duplication
 * live one level up in follow.ts; this module only turns grpc-js callbacks and errors into
 * promises, iterables and {@link RelayError}s.
 */
import { readFile } from 'node:fs/promises';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import {
  GetFlowsRequestSchema,
  GetNamespacesRequestSchema,
  GetNodesRequestSchema,
  ServerStatusRequestSchema,
  type GetFlowsRequest,
  type GetNamespacesResponse,
  type GetNodesResponse,
  type ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import type { FlowFilterSchema } from '@/proto/gen/flow/flow_pb';
import {
  ObserverClientCtor,
  type ObserverClient,
  type RawGetFlowsResponse,
} from '@/lib/hubble/grpc-adapter';

export type { RawGetFlowsResponse } from '@/lib/hubble/grpc-adapter';
export type GetFlowsRequestInit = MessageInitShape<typeof GetFlowsRequestSchema>;
export type FlowFilterInit = MessageInitShape<typeof FlowFilterSchema>;

export interface RelayTlsConfig {
  /** PEM CA bundle that signed Relay's server certificate; system roots when absent. */
  caPem?: Buffer;
  /** Client certificate and key (PEM) for mTLS; both or neither. */
  certPem?: Buffer;
  keyPem?: Buffer;
  /**
   * Name to verify the server certificate against. Relay's certificate is issued for
   * `*.hubble-relay.cilium.io`, not the Service DNS name, so this is usually
   * `ui.hubble-relay.cilium.io` (hubble-api.md §2).
   */
  serverName?: string;
  /** Encrypt but accept any server certificate. For debugging only. */
  insecureSkipVerify?: boolean;
}

export interface RelayClientConfig {
  /** `host:port`, e.g. `localhost:4245`. */
  addr: string;
  /** Absent: plaintext h2c (Relay's default, `disable-server-tls: true`). */
  tls?: RelayTlsConfig;
  /** Deadline of ServerStatus / GetNodes / GetNamespaces, ms (default 8000). */
  unaryTimeoutMs?: number;
}

/** A failed Relay call: gRPC status name, the details and the address dialled. */
export class RelayError extends Error {
  override readonly name = 'RelayError';
  /** gRPC status name, e.g. `UNAVAILABLE`, `DEADLINE_EXCEEDED`, `UNAUTHENTICATED`. */
  readonly code: string;
  /** Numeric gRPC status (14 for UNAVAILABLE); -1 when the failure was not a gRPC status. */
  readonly grpcCode: number;
  readonly address: string;
  readonly details: string;

  constructor(code: string, grpcCode: number, details: string, address: string) {
    super(`${code}: ${details} (relay ${address})`);
    this.code = code;
    this.grpcCode = grpcCode;
    this.details = details;
    this.address = address;
  }
}

export interface RelayClient {
  readonly addr: string;
  readonly tls: boolean;
  /**
   * Opens GetFlows. Iteration ends quietly when `signal` aborts (the call is cancelled, which Relay
   * treats as a normal end) and when the server completes the stream; any other failure is thrown
   * as a {@link RelayError}. No deadline: a follow stream lives until cancelled.
   */
  getFlows(
    req: GetFlowsRequestInit,
    signal: AbortSignal,
    hooks?: { onHeaders?: () => void },
  ): AsyncIterable<RawGetFlowsResponse>;
  serverStatus(): Promise<ServerStatusResponse>;
  getNodes(): Promise<GetNodesResponse>;
  getNamespaces(): Promise<GetNamespacesResponse>;
  /** True once the channel has a live transport (TCP + TLS + HTTP/2 settings exchanged). */
  isReady(): boolean;
  /** Closes the channel and cancels unary calls in flight (open GetFlows calls end via their signal). */
  close(): void;
}

const DEFAULT_UNARY_TIMEOUT_MS = 8_000;

/**
 * Builds the channel options. Keepalive stays OFF on purpose: Relay's gRPC server runs with grpc-go
 * defaults (EnforcementPolicy.MinTime 5 min, PermitWithoutStream false) and answers pings more
 * frequent than that with GOAWAY ENHANCE_YOUR_CALM "too_many_pings", which would kill exactly the
 * quiet, narrowly filtered streams keepalive is meant to protect (hubble-api.md §11). Dead streams
 * are detected at the application level instead (follow.ts: ServerStatus poll + stream watchdog).
 */
export function channelOptions(cfg: RelayClientConfig): grpc.ChannelOptions {
  const opts: grpc.ChannelOptions = {
    'grpc.keepalive_permit_without_calls': 0,
    // Flows are ~1 KB; 16 MiB leaves room for a large ServerStatus/GetNodes on big clusters.
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  };
  const name = cfg.tls?.serverName;
  if (cfg.tls && name) {
    opts['grpc.ssl_target_name_override'] = name;
    opts['grpc.default_authority'] = name;
  }
  return opts;
}

function credentialsFor(tls: RelayTlsConfig | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  if (Boolean(tls.certPem) !== Boolean(tls.keyPem)) {
    throw new Error('TLS client certificate and key must be given together');
  }
  const verify: grpc.VerifyOptions = tls.insecureSkipVerify
    ? { rejectUnauthorized: false, checkServerIdentity: () => undefined }
    : {};
  return grpc.credentials.createSsl(
    tls.caPem ?? null,
    tls.keyPem ?? null,
    tls.certPem ?? null,
    verify,
  );
}

/** Creates a client for one Relay address. The channel connects lazily on the first call. */
export function createRelayClient(cfg: RelayClientConfig): RelayClient {
  const addr = cfg.addr;
  const unaryTimeoutMs = cfg.unaryTimeoutMs ?? DEFAULT_UNARY_TIMEOUT_MS;
  const client: ObserverClient = new ObserverClientCtor(
    addr,
    credentialsFor(cfg.tls),
    channelOptions(cfg),
  );

  // grpc-js's Client.close() lets calls in progress run to their deadline; we cancel them so that
  // close() (and the source's stop()) is prompt even against a server that never answers.
  const inFlight = new Set<grpc.ClientUnaryCall>();

  function unary<T>(
    method: 'ServerStatus' | 'GetNodes' | 'GetNamespaces',
    req: unknown,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const deadline = Date.now() + unaryTimeoutMs;
      const cb = (err: grpc.ServiceError | null, res?: unknown) => {
        inFlight.delete(pending);
        if (err) reject(toRelayError(err, addr));
        else resolve(res as T);
      };
      // The three methods share a signature; index through a narrowed view to keep one code path.
      const call = client[method] as (
        r: unknown,
        o: Partial<grpc.CallOptions>,
        c: typeof cb,
      ) => grpc.ClientUnaryCall;
      const pending = call.call(client, req, { deadline }, cb);
      inFlight.add(pending);
    });
  }

  return {
    addr,
    tls: Boolean(cfg.tls),
    getFlows(req, signal, hooks) {
      return streamFlows(client, addr, create(GetFlowsRequestSchema, req), signal, hooks);
    },
    serverStatus: () =>
      unary<ServerStatusResponse>('ServerStatus', create(ServerStatusRequestSchema)),
    getNodes: () => unary<GetNodesResponse>('GetNodes', create(GetNodesRequestSchema)),
    getNamespaces: () =>
      unary<GetNamespacesResponse>('GetNamespaces', create(GetNamespacesRequestSchema)),
    isReady: () => client.getChannel().getConnectivityState(false) === grpc.connectivityState.READY,
    close: () => {
      for (const c of inFlight) c.cancel();
      inFlight.clear();
      client.close();
    },
  };
}

async function* streamFlows(
  client: ObserverClient,
  addr: string,
  req: GetFlowsRequest,
  signal: AbortSignal,
  hooks: { onHeaders?: () => void } | undefined,
): AsyncGenerator<RawGetFlowsResponse> {
  if (signal.aborted) return;
  const call = client.GetFlows(req);
  const onAbort = () => call.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  if (hooks?.onHeaders) call.once('metadata', hooks.onHeaders);
  try {
    // Node's Readable async iterator gives back-pressure: while we do not pull, grpc-js stops
    // reading the HTTP/2 stream and flow control slows Relay down instead of buffering here.
    for await (const item of call as AsyncIterable<RawGetFlowsResponse>) yield item;
  } catch (err) {
    if (signal.aborted) return;
    throw toRelayError(err, addr);
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Also reached when the consumer stops iterating early: never leave the call open.
    call.cancel();
  }
}

/** Converts a grpc-js ServiceError (or anything thrown) into a {@link RelayError}. */
export function toRelayError(err: unknown, addr: string): RelayError {
  if (err instanceof RelayError) return err;
  const e = err as Partial<grpc.ServiceError> | null;
  if (e && typeof e.code === 'number') {
    const code = grpc.status[e.code] ?? `CODE_${e.code}`;
    // grpc-js details can span lines (OpenSSL errors); one line reads better in logs and banners.
    const details = (e.details || e.message || 'no details').replace(/\s+/g, ' ').trim();
    return new RelayError(code, e.code, details, addr);
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new RelayError('UNKNOWN', -1, msg, addr);
}

export interface TlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
  insecureSkipVerify?: boolean;
}

/**
 * Reads and checks the TLS files for a Relay connection. Call it on every (re)connect: Relay's
 * certificates are rotated by certgen / cert-manager and the mounted files change underneath us.
 * Throws an Error naming the file that is missing or not valid PEM.
 */
export async function loadTlsFiles(files: TlsFiles): Promise<RelayTlsConfig> {
  if (Boolean(files.certFile) !== Boolean(files.keyFile)) {
    throw new Error(
      `TLS client certificate and key must be set together (cert: ${files.certFile ?? 'unset'}, key: ${files.keyFile ?? 'unset'})`,
    );
  }
  const tls: RelayTlsConfig = {};
  if (files.caFile) tls.caPem = await readPem(files.caFile, 'CA certificate', 'cert');
  if (files.certFile) tls.certPem = await readPem(files.certFile, 'client certificate', 'cert');
  if (files.keyFile) tls.keyPem = await readPem(files.keyFile, 'client key', 'key');
  if (files.serverName) tls.serverName = files.serverName;
  if (files.insecureSkipVerify) tls.insecureSkipVerify = true;
  return tls;
}

async function readPem(file: string, what: string, kind: 'cert' | 'key'): Promise<Buffer> {
  let pem: Buffer;
  try {
    pem = await readFile(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`cannot read TLS ${what} file ${file}: ${reason}`);
  }
  try {
    if (kind === 'key') createPrivateKey(pem);
    else new X509Certificate(pem);
  } catch (err) {
    throw new Error(
      `TLS ${what} file ${file} is not a valid PEM ${kind}: ${(err as Error).message}`,
    );
  }
  return pem;
}
