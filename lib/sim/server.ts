/**
 * A Hubble-Relay-compatible gRPC server (`observer.Observer`) over a simulated cluster, on loopback.
 * Same wire API as a real Relay, so the dashboard's Relay client runs unchanged against it (demo, e2e,
 * integration tests, benchmarks). GetAgentEvents / GetDebugEvents are absent and answer UNIMPLEMENTED,
 * as through a real Relay.
 *
 * Two entry points:
 * - `startSimRelay(opts)`: cluster + ticker + server in one call; `close()` stops both.
 * - `serveSimCluster(cluster, opts)`: a server over an existing cluster; `close()` stops only the
 *   server, so a test can "restart Relay" on the same port over the same rings.
 */
import * as grpc from '@grpc/grpc-js';
import { observerServerDefinition, type ObserverServer } from '@/lib/hubble/grpc-adapter';
import { createSimCluster, type SimCluster, type SimClusterOptions } from '@/lib/sim/cluster';
import { serveGetFlows, type GetFlowsCall } from '@/lib/sim/get-flows';
import { loadJsonpbFile } from '@/lib/sim/replay';

/** TLS material for the simulated Relay (PEM). */
export interface SimTlsOptions {
  /** Server certificate chain and key, PEM. */
  cert: string | Buffer;
  key: string | Buffer;
  /** CA bundle (PEM) for client certificates; when set, clients must present one (mTLS). */
  clientCa?: string | Buffer;
}

/** Where and how to serve. */
export interface SimServeOptions {
  /** Interface to bind (default '127.0.0.1'). */
  host?: string;
  /** Port (default 0: an ephemeral port). */
  port?: number;
  /** Serve TLS (and mTLS with `clientCa`) instead of plaintext h2c. */
  tls?: SimTlsOptions;
}

/** A running simulated Relay. */
export interface SimRelay {
  /** `host:port` to dial, e.g. `127.0.0.1:40123`. */
  address: string;
  host: string;
  port: number;
  tls: boolean;
  cluster: SimCluster;
  /** GetFlows streams currently open. */
  activeStreams(): number;
  /**
   * Stops the server abruptly, like a killed Relay: open streams end with an error on the client.
   * Resolves once the port can be bound again.
   */
  close(): Promise<void>;
}

/** Serves `cluster` over gRPC. Does not start the cluster's ticker. */
export async function serveSimCluster(
  cluster: SimCluster,
  opts: SimServeOptions = {},
): Promise<SimRelay> {
  const host = opts.host ?? '127.0.0.1';
  const server = new grpc.Server();
  const streams = new Set<GetFlowsCall>();
  const shutdown = new AbortController();

  const impl: ObserverServer = {
    GetFlows(call) {
      streams.add(call);
      serveGetFlows(cluster, call, shutdown.signal)
        .catch(err => call.emit('error', { code: grpc.status.INTERNAL, details: String(err) }))
        .finally(() => streams.delete(call));
    },
    ServerStatus(_call, cb) {
      cb(null, cluster.serverStatus());
    },
    GetNodes(_call, cb) {
      cb(null, cluster.nodes());
    },
    GetNamespaces(_call, cb) {
      cb(null, cluster.namespaces());
    },
  };
  server.addService(observerServerDefinition, impl);

  const creds = opts.tls
    ? grpc.ServerCredentials.createSsl(
        opts.tls.clientCa ? Buffer.from(opts.tls.clientCa) : null,
        [{ private_key: Buffer.from(opts.tls.key), cert_chain: Buffer.from(opts.tls.cert) }],
        Boolean(opts.tls.clientCa),
      )
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${host.includes(':') ? `[${host}]` : host}:${opts.port ?? 0}`,
      creds,
      (err, p) => (err ? reject(err) : resolve(p)),
    ),
  );

  let closed: Promise<void> | null = null;
  return {
    address: `${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    tls: Boolean(opts.tls),
    cluster,
    activeStreams: () => streams.size,
    close() {
      closed ??= (async () => {
        shutdown.abort();
        server.forceShutdown();
        // Listening sockets close on the next loop turn; wait so the port can be bound again.
        await new Promise(resolve => setImmediate(resolve));
      })();
      return closed;
    },
  };
}

/** Options of {@link startSimRelay}: cluster options plus serve options. */
export interface StartSimRelayOptions extends SimClusterOptions, SimServeOptions {
  /** Serve this existing cluster instead of creating one from the options above. */
  cluster?: SimCluster;
  /** Replay a `hubble observe -o jsonpb` NDJSON file (shorthand for `replay: await loadJsonpbFile(path)`). */
  replayFile?: string;
  /** Start the cluster's ticker (default true); false leaves time advancement to the caller. */
  autoTick?: boolean;
}

/** Creates (or takes) a simulated cluster, starts its ticker and serves it. `close()` stops both. */
export async function startSimRelay(opts: StartSimRelayOptions = {}): Promise<SimRelay> {
  const replay = opts.replayFile ? await loadJsonpbFile(opts.replayFile) : opts.replay;
  const cluster = opts.cluster ?? createSimCluster({ ...opts, replay });
  const relay = await serveSimCluster(cluster, opts);
  if (opts.autoTick ?? true) cluster.start();
  return {
    ...relay,
    async close() {
      cluster.stop();
      await relay.close();
    },
  };
}
