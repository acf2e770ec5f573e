/**
 * Dev/test-only fault injection for the built-in cluster: `FLOWSCOPE_SIM_FAULTS=dns-servfail[,…]`
 * is read once when the simulated cluster starts, so e2e runs can check that the triage home ranks
 * the injected fault first. It only affects the simulated cluster (FLOWSCOPE_SOURCE=sim, which
 * listens on 127.0.0.1 only), never a real Relay or an imported file. There is deliberately no HTTP
 * endpoint that changes faults. Not gated on NODE_ENV: e2e runs use `next start`, a production build.
 */
import { SIM_FAULTS, type SimFault } from '@/lib/sim/faults';

/** Faults named in FLOWSCOPE_SIM_FAULTS (unknown names are reported and skipped). */
export function simFaultsFromEnv(
  env: Record<string, string | undefined> = process.env,
): SimFault[] {
  const raw = env.FLOWSCOPE_SIM_FAULTS?.trim();
  if (!raw) return [];
  const out: SimFault[] = [];
  for (const name of raw.split(',').map(s => s.trim())) {
    if ((SIM_FAULTS as readonly string[]).includes(name)) out.push(name as SimFault);
    else if (name)
      console.warn(
        `flowscope: FLOWSCOPE_SIM_FAULTS: unknown fault ${JSON.stringify(name)} ignored (expected ${SIM_FAULTS.join(', ')})`,
      );
  }
  return out;
}
