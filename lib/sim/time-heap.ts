/**
 * A min-heap of pending flows keyed by (time, insertion sequence), as parallel arrays so a push or
 * pop allocates nothing. The sequence tie-break keeps equal-time flows in emission order, which the
 * generator's determinism relies on.
 */
import type { Flow } from '@/proto/gen/flow/flow_pb';

/** Min-heap of pending flows (see file header). */
export class TimeHeap {
  private t: number[] = [];
  private s: number[] = [];
  private n: number[] = [];
  private f: Flow[] = [];
  private seq = 0;

  /** Pending flows. */
  get size(): number {
    return this.t.length;
  }

  /** Time of the earliest pending flow (Infinity when empty). */
  peekTime(): number {
    return this.t.length > 0 ? (this.t[0] as number) : Infinity;
  }

  /** Node of the earliest pending flow. */
  peekNode(): number {
    return this.n[0] as number;
  }

  /** Schedules `flow`, captured on `node`, at `time` (ns). */
  push(time: number, node: number, flow: Flow): void {
    const s = this.seq++;
    let i = this.t.length;
    this.t.push(time);
    this.s.push(s);
    this.n.push(node);
    this.f.push(flow);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes and returns the earliest flow (call {@link peekTime}/{@link peekNode} first). */
  pop(): Flow {
    const top = this.f[0] as Flow;
    const last = this.t.length - 1;
    this.swap(0, last);
    this.t.pop();
    this.s.pop();
    this.n.pop();
    this.f.pop();
    const size = this.t.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && this.less(l, m)) m = l;
      if (r < size && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ta = this.t[a] as number;
    const tb = this.t[b] as number;
    return ta < tb || (ta === tb && (this.s[a] as number) < (this.s[b] as number));
  }

  private swap(a: number, b: number): void {
    // Plain temporaries: a destructuring swap allocates an array per call on this hot path.
    const { t, s, n, f } = this;
    const ta = t[a] as number;
    t[a] = t[b] as number;
    t[b] = ta;
    const sa = s[a] as number;
    s[a] = s[b] as number;
    s[b] = sa;
    const na = n[a] as number;
    n[a] = n[b] as number;
    n[b] = na;
    const fa = f[a] as Flow;
    f[a] = f[b] as Flow;
    f[b] = fa;
  }
}
