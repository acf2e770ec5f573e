/**
 * Seeded pseudo-random numbers for the simulated cluster. Everything the simulator emits derives from
 * one of these, never from Math.random, so a seed reproduces the same traffic byte for byte.
 *
 * mulberry32: one 32-bit state word, ~1 ns per draw, good enough statistical quality for traffic
 * shapes (it is not, and need not be, cryptographic).
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that small consecutive seeds (1, 2, 3) give unrelated streams.
    this.state = (Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Exponentially distributed value with the given mean (Poisson inter-arrival times). */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /**
   * Log-normal-ish latency: a median with a long right tail, which is what request latencies look
   * like in practice (most fast, a few very slow). `spread` is the sigma of the underlying normal.
   */
  latency(median: number, spread: number): number {
    // Box-Muller with one draw pair; the second value is discarded to keep the stream simple.
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(spread * z);
  }
}

/** Picks from a fixed weighted list in O(log n) using a precomputed cumulative table. */
export class WeightedTable<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = [];
    this.cumulative = [];
    let sum = 0;
    for (const [item, weight] of entries) {
      if (weight <= 0) continue;
      sum += weight;
      this.items.push(item);
      this.cumulative.push(sum);
    }
    if (this.items.length === 0)
      throw new Error('WeightedTable needs at least one positive weight');
    this.total = sum;
  }

  /** A weighted random item. */
  pick(rng: Prng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const HEX_CHARS = Buffer.from('0123456789abcdef', 'latin1');
const UUID_BUF = Buffer.alloc(36);

/**
 * A version-4-shaped UUID drawn from the PRNG (deterministic for a seed, unlike crypto.randomUUID).
 * Written as bytes and read back as one flat string: concatenating 16 hex pairs built a rope of ~30
 * intermediate strings per flow.
 */
export function prngUuid(rng: Prng): string {
  const words = [rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()];
  // Version 4 and the RFC 4122 variant.
  words[1] = ((words[1] as number) & 0xffff0fff) | 0x4000;
  words[2] = (((words[2] as number) & 0x3fffffff) | 0x80000000) >>> 0;
  let p = 0;
  for (let w = 0; w < 4; w++) {
    const x = words[w] as number;
    for (let shift = 28; shift >= 0; shift -= 4) {
      if (p === 8 || p === 13 || p === 18 || p === 23) UUID_BUF[p++] = 0x2d; // '-'
      UUID_BUF[p++] = HEX_CHARS[(x >>> shift) & 0xf] as number;
    }
  }
  return UUID_BUF.toString('latin1', 0, 36);
}

/** Lowercase hex string of `bytes` random bytes (MACs, interface names, trace ids). */
export function prngHex(rng: Prng, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += HEX[rng.nextU32() & 0xff];
  return out;
}
