/**
 * Bounded intern tables: map equal values to one shared instance so the compact store keeps one copy
 * of each namespace, pod, label array or endpoint description instead of one per flow.
 *
 * The bound is enforced by starting over when full (not LRU): stored flows keep the instances they
 * already reference, so clearing never breaks anything; it only costs some duplicate copies until
 * the table warms up again. That keeps every operation O(1) and the table's own memory capped, even
 * when a field has unbounded cardinality (e.g. world IPs).
 *
 * Lookups take no callbacks (a closure per call would allocate on the hot path).
 */
export class InternTable<K, V> {
  private map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Inserts or replaces. */
  set(key: K, value: V): V {
    if (this.map.size >= this.limit && !this.map.has(key)) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * A hash table with caller-verified buckets: the caller computes a cheap key (a number hash, or a
 * short string such as an IP) and checks candidates field by field. Avoids building and hashing long
 * composite string keys per flow. Buckets hold at most `perKey` entries; the table at most `limit`
 * insertions between resets.
 */
export class BucketTable<K, V> {
  private map = new Map<K, V[]>();
  private inserted = 0;

  constructor(
    private readonly limit: number,
    private readonly perKey = 8,
  ) {}

  bucket(key: K): readonly V[] | undefined {
    return this.map.get(key);
  }

  add(key: K, value: V): V {
    if (this.inserted >= this.limit) {
      this.map.clear();
      this.inserted = 0;
    }
    this.inserted++;
    const b = this.map.get(key);
    if (b === undefined) this.map.set(key, [value]);
    else if (b.length < this.perKey) b.push(value);
    else this.map.set(key, [value]);
    return value;
  }
}

/** Interns strings: `s(x)` returns a canonical instance equal to `x`. */
export class StringInterner {
  private table: InternTable<string, string>;

  constructor(limit: number) {
    this.table = new InternTable(limit);
  }

  s(value: string): string {
    if (value === '') return '';
    return this.table.get(value) ?? this.table.set(value, value);
  }

  /** Interns a string array (and its elements); the result is frozen and must not be mutated. */
  list(
    values: readonly string[],
    arrays: InternTable<string, readonly string[]>,
  ): readonly string[] {
    if (values.length === 0) return EMPTY_LIST;
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    return arrays.get(key) ?? arrays.set(key, Object.freeze(values.map(v => this.s(v))));
  }
}

export const EMPTY_LIST: readonly string[] = Object.freeze([]);

/** FNV-1a step over a string's UTF-16 units, followed by a separator. */
export function hashStr(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return Math.imul(h ^ 0x1f, 16777619);
}

/** FNV-1a step over a 32-bit integer. */
export function hashInt(h: number, n: number): number {
  return Math.imul(h ^ (n | 0), 16777619);
}

export const HASH_SEED = 0x811c9dc5 | 0;
