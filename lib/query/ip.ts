/**
 * IP address and CIDR matching for `--ip`, `--from-ip`, `--to-ip`. Parsing a flow's address happens
 * on the hot path (every stored flow is scanned by /api/v1/flows), so it works on character codes
 * and a reused scratch buffer instead of allocating (no split(), no regex).
 */

export interface IpNet {
  version: 4 | 6;
  /** Network bits: one uint32 for IPv4, eight 16-bit groups for IPv6. */
  words: number[];
  prefix: number;
}

/** Parses dotted-quad IPv4 in s[start, end); returns the uint32 value or -1. */
export function parseIPv4(s: string, start = 0, end = s.length): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // leading zero ("01") is ambiguous, reject
      octet = octet * 10 + (c - 48);
      if (octet > 255 || ++digits > 3) return -1;
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

/** Parses IPv6 text (with `::` and an optional embedded IPv4 tail) into `out`; false if invalid. */
export function parseIPv6(s: string, out: Uint16Array | number[]): boolean {
  const n = s.length;
  if (n < 2) return false;
  let group = 0;
  let gapAt = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gapAt = 0;
    i = 2;
    if (i === n) {
      for (let k = 0; k < 8; k++) out[k] = 0;
      return true;
    }
  }
  while (i < n) {
    if (group >= 8) return false;
    let j = i;
    let v = 0;
    while (j < n && j - i < 5) {
      const c = s.charCodeAt(j);
      const h =
        c >= 48 && c <= 57
          ? c - 48
          : c >= 97 && c <= 102
            ? c - 87
            : c >= 65 && c <= 70
              ? c - 55
              : -1;
      if (h < 0) break;
      v = v * 16 + h;
      j++;
    }
    if (j < n && s.charCodeAt(j) === 46) {
      // Embedded IPv4 in the last 32 bits.
      if (group > 6) return false;
      const v4 = parseIPv4(s, i, n);
      if (v4 < 0) return false;
      out[group++] = v4 >>> 16;
      out[group++] = v4 & 0xffff;
      i = n;
      break;
    }
    if (j === i || j - i > 4) return false;
    out[group++] = v;
    i = j;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gapAt >= 0) return false;
      gapAt = group;
      i++;
    } else if (i === n) {
      return false;
    }
  }
  if (gapAt < 0) return group === 8;
  if (group > 7) return false;
  // Shift the groups after the gap to the end and zero-fill the gap.
  const tail = group - gapAt;
  for (let k = 0; k < tail; k++) out[7 - k] = out[group - 1 - k]!;
  for (let k = gapAt; k < 8 - tail; k++) out[k] = 0;
  return true;
}

/** Parses `1.2.3.4`, `10.0.0.0/8`, `fd00::1`, `fd00::/64`; null when invalid. */
export function parseIpNet(text: string): IpNet | null {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v4 = parseIPv4(addr);
  let version: 4 | 6;
  let words: number[];
  if (v4 >= 0) {
    version = 4;
    words = [v4];
  } else {
    const g = new Array<number>(8).fill(0);
    if (!parseIPv6(addr, g)) return null;
    version = 6;
    words = g;
  }
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return null;
    prefix = Number(p);
  }
  return { version, words, prefix };
}

const scratch = new Uint16Array(8);

/** Builds an allocation-free predicate "address `ip` lies in one of `nets`". */
export function compileIpMatcher(nets: IpNet[]): (ip: string) => boolean {
  const v4 = nets.filter(n => n.version === 4);
  const v6 = nets.filter(n => n.version === 6);
  return (ip: string) => {
    if (ip === '') return false;
    const a = parseIPv4(ip);
    if (a >= 0) {
      for (let k = 0; k < v4.length; k++) {
        const net = v4[k]!;
        const shift = 32 - net.prefix;
        if (shift >= 32 || Math.floor(a / 2 ** shift) === Math.floor(net.words[0]! / 2 ** shift)) {
          return true;
        }
      }
      return false;
    }
    if (v6.length === 0 || !parseIPv6(ip, scratch)) return false;
    for (let k = 0; k < v6.length; k++) {
      if (inNet6(scratch, v6[k]!)) return true;
    }
    return false;
  };
}

function inNet6(addr: Uint16Array, net: IpNet): boolean {
  let bits = net.prefix;
  for (let g = 0; g < 8 && bits > 0; g++) {
    const take = bits >= 16 ? 16 : bits;
    const mask = (0xffff << (16 - take)) & 0xffff;
    if ((addr[g]! & mask) !== (net.words[g]! & mask)) return false;
    bits -= take;
  }
  return true;
}
