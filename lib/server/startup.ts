/**
 * Process start-up, called from instrumentation.ts (Next's register hook, Node runtime only):
 * validate the configuration and refuse to start on any problem, print warnings, then create the hub
 * eagerly so the Relay backfill is under way before the first page load.
 */
import { ConfigError, parseConfig, type Env, type FlowscopeConfig } from './env';
import { FlowHub, peekHub, setHub } from './flow-hub';

/** Describes where flows come from, for the start-up log. */
export function describeSource(config: FlowscopeConfig): string {
  switch (config.source.kind) {
    case 'sim':
      return `built-in simulated cluster (${config.sim.rate} flows/s, seed ${config.sim.seed}), over gRPC on loopback`;
    case 'fixture':
      return `replay of ${config.source.path} (built-in cluster), over gRPC on loopback`;
    case 'relay': {
      const tls = config.relay.tls;
      const how = tls
        ? `TLS, server name ${tls.serverName}${tls.certFile ? ', client certificate' : ''}${tls.caFile ? `, CA ${tls.caFile}` : ''}`
        : 'plaintext';
      return `Hubble Relay at ${config.relay.addr} (${how})`;
    }
  }
}

/**
 * Validates `env` and starts the process-wide hub. On invalid configuration prints every problem and
 * exits with status 1 (a half-configured dashboard that silently shows nothing is worse).
 */
export function startFromEnv(
  env: Env,
  exit: (code: number) => never = code => process.exit(code),
): FlowHub {
  let config: FlowscopeConfig;
  try {
    config = parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`flowscope: cannot start, ${err.message}\nSee docs/configuration.md.`);
      return exit(1);
    }
    throw err;
  }
  for (const w of config.warnings) console.warn(`flowscope: warning: ${w}`);
  const bind = config.server.hostname || '0.0.0.0 (HOSTNAME not set: all interfaces)';
  const auth = config.auth.required
    ? `HTTP Basic as "${config.auth.user}"${config.auth.password ? '' : ' (NO PASSWORD SET: requests get 503)'}`
    : config.auth.mode === 'off'
      ? 'off (FLOWSCOPE_AUTH=off)'
      : 'off (loopback only)';
  console.log(`flowscope: flows from ${describeSource(config)}`);
  console.log(`flowscope: serving on ${bind} port ${config.server.port}; authentication ${auth}`);
  console.log(
    `flowscope: retaining ${config.retainFlows} flows (${config.retainRaw} exactly as received); backfill ${config.backfill} per node`,
  );
  const existing = peekHub();
  if (existing) return existing;
  const hub = new FlowHub(config).start();
  setHub(hub);
  return hub;
}
