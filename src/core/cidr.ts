/**
 * IP addresses and CIDR ranges, and which addresses minhbach never sends a request to: a webhook
 * URL is chosen by an organization, so without this check it could make the server reach its own
 * network (databases, admin consoles, the cloud's metadata service). Pure: the caller resolves
 * names (src/net/safe-fetch.ts) and asks here about every address it got.
 */

export interface Ip {
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export interface Cidr {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
  /** As written in the configuration, for messages. */
  text: string;
}

const DEC_OCTET = /^(?:0|[1-9]\d{0,2})$/;

function parseIpv4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    // Only plain dotted decimal: "0x7f.1" or "0177.0.0.1" are other spellings of loopback that a
    // resolver may read differently from us; WHATWG URL parsing has already normalized URL hosts.
    if (!DEC_OCTET.test(parts[i]!)) return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

const HEXTET = /^[0-9a-f]{1,4}$/i;

function parseIpv6(input: string): Uint8Array | null {
  let s = input;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  // A zone (fe80::1%eth0) names an interface: only link-local addresses have one, and they are refused anyway.
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s.length === 0 || s.length > 45) return null;
  let tail: Uint8Array | null = null;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.includes('.', lastColon)) {
    // An embedded IPv4 address at the end (::ffff:127.0.0.1).
    tail = parseIpv4(s.slice(lastColon + 1));
    if (!tail) return null;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const split = (h: string) => (h === '' ? [] : h.split(':'));
  const head = split(halves[0]!);
  const rest = halves.length === 2 ? split(halves[1]!) : [];
  if ([...head, ...rest].some((h) => !HEXTET.test(h))) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const words = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest].map((h) => parseInt(h, 16));
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  if (tail) out.set(tail, 12);
  return out;
}

/** Parses an IPv4 or IPv6 address (brackets and a zone allowed on IPv6); null if it is not one. */
export function parseIp(s: string): Ip | null {
  const v4 = parseIpv4(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = s.includes(':') ? parseIpv6(s) : null;
  return v6 ? { family: 6, bytes: v6 } : null;
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) return Array.from(ip.bytes).join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((ip.bytes[i]! << 8) | ip.bytes[i + 1]!);
  // RFC 5952: the longest run of two or more zero words becomes "::" (the first, on a tie).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  return best < 0 ? hex(words) : `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

/** Parses `10.0.0.0/8`, `::1/128` or a bare address (a /32 or /128). Host bits must be zero, so a typo is not silently widened. */
export function parseCidr(text: string): Cidr | { error: string } {
  const s = text.trim();
  const slash = s.indexOf('/');
  const ip = parseIp(slash < 0 ? s : s.slice(0, slash));
  if (!ip) return { error: `"${s}" is not an IP address or CIDR range` };
  const max = ip.family === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) return { error: `"${s}" has a prefix length that is not 0 to ${max}` };
    prefix = Number(p);
  }
  const cidr: Cidr = { family: ip.family, bytes: ip.bytes, prefix, text: s };
  if (hostBitsSet(ip.bytes, prefix)) return { error: `"${s}" has bits set after the prefix /${prefix}` };
  return cidr;
}

function hostBitsSet(bytes: Uint8Array, prefix: number): boolean {
  for (let bit = prefix; bit < bytes.length * 8; bit++) if (bytes[bit >> 3]! & (0x80 >> (bit & 7))) return true;
  return false;
}

function sameBits(a: Uint8Array, b: Uint8Array, prefix: number): boolean {
  const full = prefix >> 3;
  for (let i = 0; i < full; i++) if (a[i] !== b[i]) return false;
  const rem = prefix & 7;
  if (rem === 0) return true;
  const mask = (0xff << (8 - rem)) & 0xff;
  return (a[full]! & mask) === (b[full]! & mask);
}

/**
 * The IPv4 address an IPv6 address stands for, when it is one of the forms that reach an IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d, what a dual-stack socket reports), IPv4-compatible (::a.b.c.d, deprecated)
 * and the NAT64 well-known prefix (64:ff9b::a.b.c.d), which a NAT64 gateway forwards to a.b.c.d.
 */
export function embeddedIpv4(ip: Ip): Ip | null {
  if (ip.family !== 6) return null;
  const b = ip.bytes;
  const zeros = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  const v4 = { family: 4 as const, bytes: b.slice(12) };
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4;
  // ::a.b.c.d, but not :: and ::1 themselves (refused on their own).
  if (zeros(0, 12) && !zeros(12, 15)) return v4;
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return v4;
  return null;
}

export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  if (cidr.family !== ip.family) {
    const v4 = embeddedIpv4(ip);
    return v4 !== null && cidr.family === 4 && sameBits(cidr.bytes, v4.bytes, cidr.prefix);
  }
  return sameBits(cidr.bytes, ip.bytes, cidr.prefix);
}

function ranges(list: [string, string][]): { cidr: Cidr; name: string }[] {
  return list.map(([text, name]) => {
    const c = parseCidr(text);
    if ('error' in c) throw new Error(c.error);
    return { cidr: c, name };
  });
}

/**
 * Special-purpose addresses (IANA's IPv4 and IPv6 special-purpose registries) that are not the
 * public Internet. Cloud metadata services live in these too: 169.254.169.254 (link-local),
 * fd00:ec2::254 (ULA), 100.100.100.200 (CGNAT), 192.0.0.192 (IETF protocol assignments).
 */
const REFUSED = ranges([
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved (and broadcast)'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard-only'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['2001::/23', 'IETF protocol assignments (Teredo and others)'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', '6to4'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique local (private)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
]);

/**
 * Why an address is refused (the name of its range), or null when it is an ordinary public
 * address or the operator allowed it. IPv6 forms that stand for an IPv4 address are judged as that
 * IPv4 address, so ::ffff:127.0.0.1 is loopback. The allow list wins: an operator who allows
 * 127.0.0.1/32 (tests, a receiver on the same host) means it.
 */
export function refusedRange(ip: Ip, allow: readonly Cidr[] = []): string | null {
  if (allow.some((c) => cidrContains(c, ip))) return null;
  const v4 = embeddedIpv4(ip);
  const judged = v4 ?? ip;
  if (v4 && allow.some((c) => cidrContains(c, v4))) return null;
  for (const r of REFUSED) if (r.cidr.family === judged.family && cidrContains(r.cidr, judged)) return r.name;
  // Whatever is left of ::/96 and ::ffff:0:0/96 has been judged as IPv4 above.
  return null;
}

/** Parses a comma-separated list of ranges (MINHBACH_OUTBOUND_ALLOW); empty entries are ignored. */
export function parseCidrList(text: string): Cidr[] | { error: string } {
  const out: Cidr[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const c = parseCidr(part);
    if ('error' in c) return c;
    out.push(c);
  }
  return out;
}
