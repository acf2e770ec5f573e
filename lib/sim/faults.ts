/**
 * Faults the simulated cluster can be switched into, for tests and demos (`SimCluster.setFault`,
 * `scripts/sim.ts --fault`, or the `fault` command of a running sim):
 *
 * - `dns-servfail`: ~70 % of DNS answers are SERVFAIL, slowly (an upstream resolver is failing).
 * - `policy-drops`: a broken policy: most orders-api -> payments-api calls and many front-end calls
 *   to payments are dropped (POLICY_DENIED, with SYN retransmissions).
 * - `http-errors`: payments-api answers 5xx to ~60 % of payment requests, slowly; order creation
 *   fails in turn.
 * - `lost-events`: agents lose events about once a second (perf ring / events queue overflows).
 * - `node-down`: worker243's agent is unreachable for Relay (NODE_UNAVAILABLE).
 */
export type SimFault =
  'dns-servfail' | 'policy-drops' | 'http-errors' | 'lost-events' | 'node-down';

/** Every fault name, for validation and help texts. */
export const SIM_FAULTS: readonly SimFault[] = [
  'dns-servfail',
  'policy-drops',
  'http-errors',
  'lost-events',
  'node-down',
];

/** Read-only view of the active faults, as traffic scenarios consult it on every conversation. */
export interface FaultView {
  has(fault: SimFault): boolean;
}
