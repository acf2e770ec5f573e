/**
 * The simulated cluster's traffic mix: a weighted table of conversation scenarios (HTTP between the
 * shop's workloads and from the Internet, DNS, database, egress, infrastructure chatter, drops).
 * Each scenario is one conversation started at a time t; it emits its flows through a FlowSink,
 * which orders them in time. Faults reweight the table or change outcomes inside scenarios.
 */
import type { FlowSink, Scenario } from '@/lib/sim/conversation';
import type { SimFault } from '@/lib/sim/faults';
import { SimPeers } from '@/lib/sim/peers';
import { WeightedTable } from '@/lib/sim/prng';
import type { SimTopology } from '@/lib/sim/topology';
import { dnsScenario } from '@/lib/sim/traffic-dns';
import { dropScenarios } from '@/lib/sim/traffic-drops';
import { httpScenarios } from '@/lib/sim/traffic-http';
import { infraScenarios } from '@/lib/sim/traffic-infra';

/** The weighted scenario table, rebuilt when faults change. */
export class TrafficMix {
  private readonly peers: SimPeers;
  private faults: ReadonlySet<SimFault> = new Set();
  private table: WeightedTable<Scenario>;

  constructor(topology: SimTopology) {
    this.peers = new SimPeers(topology);
    this.table = this.buildTable();
  }

  /** Replaces the active faults (reweights the mix). */
  setFaults(faults: ReadonlySet<SimFault>): void {
    this.faults = new Set(faults);
    this.table = this.buildTable();
  }

  /** Runs one randomly chosen conversation starting at generator time `t` (ns). */
  run(sink: FlowSink, t: number): void {
    this.table.pick(sink.rng)(sink, t);
  }

  private buildTable(): WeightedTable<Scenario> {
    // Scenarios read faults through this view, so outcome changes apply without a rebuild too.
    const faults = { has: (f: SimFault) => this.faults.has(f) };
    return new WeightedTable([
      ...httpScenarios(this.peers, faults),
      [dnsScenario(this.peers, faults), faults.has('dns-servfail') ? 30 : 20],
      ...infraScenarios(this.peers),
      ...dropScenarios(this.peers, faults),
    ]);
  }
}
