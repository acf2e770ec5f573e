/**
 * Opens the configured flow source. Every kind ends in the same place: lib/hubble's Relay client
 * dialling a gRPC server. For `sim` and `fixture:` that server is the built-in cluster (lib/sim) on
 * an ephemeral loopback port, so demos and e2e runs exercise exactly the client code path (TLS
 * aside) that a real Relay gets.
 */
import { loadTlsFiles } from '@/lib/hubble/client';
import { createRelaySource } from '@/lib/hubble/follow';
import { startSimRelay } from '@/lib/sim/server';
import type { FlowSource } from '@/lib/hubble/upstream-events';
import type { ConnectionStatus } from '@/lib/model/hubble-health';
import type { FlowscopeConfig } from './env';
import { simFaultsFromEnv } from './sim-faults-env';

export interface Upstream {
  source: FlowSource;
  /** The address the Relay client dials. */
  relayAddr: string;
  /** Live connection status with current counters (connection events only carry changes). */
  status?: () => ConnectionStatus;
  /** Stops the source (and the built-in cluster, if any). */
  stop(): Promise<void>;
}

/** Opens the upstream for `config` (does not start streaming: call `source.start`). */
export async function openUpstream(config: FlowscopeConfig): Promise<Upstream> {
  if (config.source.kind === 'relay') {
    const tls = config.relay.tls;
    const source = createRelaySource({
      addr: config.relay.addr,
      source: 'relay',
      backfill: config.backfill,
      // Re-read on every connection attempt: Relay certificates are rotated under the mounted files.
      tls: tls
        ? () =>
            loadTlsFiles({
              caFile: tls.caFile ?? undefined,
              certFile: tls.certFile ?? undefined,
              keyFile: tls.keyFile ?? undefined,
              serverName: tls.serverName,
            })
        : undefined,
    });
    return {
      source,
      relayAddr: config.relay.addr,
      status: () => source.status(),
      stop: () => source.stop(),
    };
  }
  return openBuiltIn(config);
}

/** Starts the built-in cluster on 127.0.0.1:0 (generated traffic, or a jsonpb file replayed). */
async function openBuiltIn(config: FlowscopeConfig): Promise<Upstream> {
  const replayFile = config.source.kind === 'fixture' ? config.source.path : undefined;
  const sim = await startSimRelay({
    host: '127.0.0.1',
    port: 0,
    rate: config.sim.rate,
    seed: config.sim.seed,
    scale: replayFile ? undefined : (config.sim.scale ?? undefined),
    replayFile,
    faults: replayFile ? [] : simFaultsFromEnv(), // dev-only FLOWSCOPE_SIM_FAULTS (e2e)
  });
  const source = createRelaySource({ addr: sim.address, source: 'sim', backfill: config.backfill });
  return {
    source,
    relayAddr: sim.address,
    status: () => source.status(),
    async stop() {
      await source.stop();
      await sim.close();
    },
  };
}
