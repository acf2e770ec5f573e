/**
 * Runs the built-in simulated cluster as a standalone Hubble Relay (gRPC, `observer.Observer`), so the
 * dashboard (or any Relay client) can be pointed at it:
 *
 *   npm run sim -- --port 4245 --rate 200 --seed 1
 *   HUBBLE_RELAY_ADDR=localhost:4245 npm start        # in another terminal
 *
 * Options: --host (127.0.0.1), --port (4245), --rate flows/s (200), --seed (1),
 * --scale WORKLOADS (10-5000: a big generated cluster on one node per 50 workloads, as
 * FLOWSCOPE_SIM_SCALE), --ring-capacity (4095),
 * --history-ms (60000), --tick-ms (100), --fault NAME (repeatable), --old-agent NODE (repeatable),
 * --replay FILE.jsonl (serve a recording instead), --tls-cert/--tls-key [--tls-client-ca] (TLS/mTLS).
 *
 * On a terminal, commands change the cluster while it runs: `rate N`, `fault NAME|none`,
 * `down NODE`, `up NODE`, `status`. Faults: dns-servfail, policy-drops, http-errors, lost-events,
 * node-down (worker243 unreachable).
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SIM_FAULTS, type SimFault } from '@/lib/sim/faults';
import { startSimRelay } from '@/lib/sim/server';
import { MAX_SIM_SCALE, MIN_SIM_SCALE } from '@/lib/sim/topology-scale';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4245' },
    rate: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string' },
    'ring-capacity': { type: 'string', default: '4095' },
    'history-ms': { type: 'string', default: '60000' },
    'tick-ms': { type: 'string', default: '100' },
    fault: { type: 'string', multiple: true, default: [] },
    'old-agent': { type: 'string', multiple: true, default: [] },
    replay: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-client-ca': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function fail(msg: string): never {
  console.error(`sim: ${msg}`);
  process.exit(2);
}

function num(name: keyof typeof values, min: number): number {
  const v = Number(values[name]);
  if (!Number.isFinite(v) || v < min)
    fail(`--${name} must be a number >= ${min}, got ${String(values[name])}`);
  return v;
}

function fault(name: string): SimFault {
  if (!(SIM_FAULTS as readonly string[]).includes(name))
    fail(`unknown fault ${name} (one of ${SIM_FAULTS.join(', ')})`);
  return name as SimFault;
}

async function main(): Promise<void> {
  if (values.help) {
    const header = readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0] ?? '';
    console.log(header.replace(/^\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
    return;
  }
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
    fail('--tls-cert and --tls-key go together');
  if (values['tls-client-ca'] && !values['tls-cert'])
    fail('--tls-client-ca needs --tls-cert and --tls-key');
  const tls = values['tls-cert']
    ? {
        cert: readFileSync(values['tls-cert']),
        key: readFileSync(values['tls-key'] as string),
        clientCa: values['tls-client-ca'] ? readFileSync(values['tls-client-ca']) : undefined,
      }
    : undefined;

  let scale: number | undefined;
  if (values.scale !== undefined) {
    scale = Number(values.scale);
    if (!Number.isInteger(scale) || scale < MIN_SIM_SCALE || scale > MAX_SIM_SCALE)
      fail(
        `--scale must be a whole number from ${MIN_SIM_SCALE} to ${MAX_SIM_SCALE}, got ${values.scale}`,
      );
  }
  const relay = await startSimRelay({
    scale,
    host: values.host,
    port: num('port', 0),
    rate: num('rate', 0),
    seed: num('seed', 0),
    ringCapacity: num('ring-capacity', 1),
    historyMs: num('history-ms', 0),
    tickMs: num('tick-ms', 1),
    faults: values.fault.map(fault),
    oldAgentNodes: values['old-agent'],
    replayFile: values.replay,
    tls,
  });
  const cluster = relay.cluster;
  const mode = tls ? (tls.clientCa ? 'mTLS' : 'TLS') : 'plaintext';
  const what = values.replay
    ? `replaying ${values.replay}`
    : `${cluster.rate} flows/s, seed ${values.seed}`;
  console.log(
    `sim: Hubble Relay API on ${relay.address} (${mode}), nodes ${cluster.nodeNames.join(', ')}, ${what}`,
  );

  const shutdown = async () => {
    await relay.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  if (!process.stdin.isTTY) return;
  const rl = createInterface({ input: process.stdin });
  rl.on('line', line => {
    const [cmd, arg] = line.trim().split(/\s+/);
    try {
      if (cmd === 'rate' && arg) cluster.setRate(Number(arg));
      else if (cmd === 'fault' && arg) cluster.setFault(arg === 'none' ? null : fault(arg));
      else if ((cmd === 'down' || cmd === 'up') && arg) cluster.setNodeAvailable(arg, cmd === 'up');
      else if (cmd !== 'status')
        return void console.log(
          'commands: rate N | fault NAME|none | down NODE | up NODE | status',
        );
      const st = cluster.serverStatus();
      console.log(
        `rate ${cluster.rate}/s, faults [${cluster.faults.join(', ')}], nodes ${st.numConnectedNodes}/${cluster.nodeNames.length}, ` +
          `flows ${st.numFlows}/${st.maxFlows}, seen ${st.seenFlows}`,
      );
    } catch (e) {
      console.log(`error: ${(e as Error).message}`);
    }
  });
}

main().catch(err => fail(err instanceof Error ? err.message : String(err)));
