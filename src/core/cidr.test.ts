import { describe, expect, it } from 'vitest';
import { cidrContains, embeddedIpv4, formatIp, parseCidr, parseCidrList, parseIp, refusedRange, type Cidr } from './cidr.ts';

const ip = (s: string) => {
  const p = parseIp(s);
  if (!p) throw new Error(`not an ip: ${s}`);
  return p;
};
const cidr = (s: string) => parseCidr(s) as Cidr;

describe('parseIp', () => {
  it('reads dotted IPv4 and every IPv6 spelling', () => {
    expect(ip('10.0.0.1')).toEqual({ family: 4, bytes: Uint8Array.from([10, 0, 0, 1]) });
    expect(ip('::1').bytes[15]).toBe(1);
    expect(ip('[::1]').family).toBe(6);
    expect(ip('fe80::1%eth0').bytes[0]).toBe(0xfe);
    expect(Array.from(ip('::ffff:127.0.0.1').bytes.slice(10))).toEqual([0xff, 0xff, 127, 0, 0, 1]);
    expect(Array.from(ip('2001:db8:0:0:0:0:0:1').bytes)).toEqual(Array.from(ip('2001:db8::1').bytes));
  });

  it('refuses what is not an address, and other spellings of IPv4', () => {
    for (const s of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '0x7f.0.0.1', '0177.0.0.1', '1:2:3:4:5:6:7:8:9', '1::2::3', ':::', 'gggg::1', 'example.com', '::ffff:1.2.3']) {
      expect(parseIp(s), s).toBeNull();
    }
  });
});

describe('refusedRange', () => {
  it('refuses private, loopback, link-local, CGNAT, multicast, unspecified and metadata addresses', () => {
    const refused = [
      '10.0.0.1',
      '127.0.0.1',
      '127.255.0.9',
      '169.254.169.254',
      '100.100.100.200',
      '172.16.5.4',
      '192.168.1.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.0.192',
    ];
    for (const s of refused) expect(refusedRange(ip(s)), s).not.toBeNull();
  });

  it('refuses IPv6 loopback, unspecified, ULA (fd00:ec2::254), link-local, multicast', () => {
    for (const s of ['::1', '::', 'fd00:ec2::254', 'fc00::1', 'fe80::1', 'ff02::1', '2001:db8::1']) expect(refusedRange(ip(s)), s).not.toBeNull();
  });

  it('judges IPv4-mapped, IPv4-compatible and NAT64 addresses as the IPv4 address they stand for', () => {
    expect(refusedRange(ip('::ffff:127.0.0.1'))).toBe('loopback');
    expect(refusedRange(ip('::ffff:7f00:1'))).toBe('loopback');
    expect(refusedRange(ip('::ffff:169.254.169.254'))).toMatch(/metadata/);
    expect(refusedRange(ip('::10.0.0.1'))).toBe('private');
    expect(refusedRange(ip('64:ff9b::10.0.0.1'))).toBe('private');
    expect(refusedRange(ip('::ffff:8.8.8.8'))).toBeNull();
    expect(embeddedIpv4(ip('::1'))).toBeNull();
  });

  it('lets public addresses through', () => {
    for (const s of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2a00:1450::1']) expect(refusedRange(ip(s)), s).toBeNull();
  });

  it('lets the operator allow a range, and only that range', () => {
    const allow = [cidr('127.0.0.1/32')];
    expect(refusedRange(ip('127.0.0.1'), allow)).toBeNull();
    expect(refusedRange(ip('::ffff:127.0.0.1'), allow)).toBeNull();
    expect(refusedRange(ip('127.0.0.2'), allow)).toBe('loopback');
    expect(refusedRange(ip('::1'), allow)).toBe('loopback');
    expect(refusedRange(ip('::1'), [cidr('::1/128')])).toBeNull();
  });
});

describe('parseCidr', () => {
  it('reads ranges and bare addresses', () => {
    expect(cidr('10.0.0.0/8').prefix).toBe(8);
    expect(cidr('127.0.0.1').prefix).toBe(32);
    expect(cidr('fd00::/8').prefix).toBe(8);
    expect(cidrContains(cidr('10.0.0.0/8'), ip('10.200.1.1'))).toBe(true);
    expect(cidrContains(cidr('10.0.0.0/9'), ip('10.200.1.1'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('8.8.8.8'))).toBe(true);
  });

  it('refuses bad prefixes, host bits after the prefix and non-addresses', () => {
    for (const s of ['10.0.0.1/8', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x', 'localhost', '10.0.0.0/8/8']) expect(parseCidr(s), s).toHaveProperty('error');
  });

  it('reads a comma-separated list', () => {
    const list = parseCidrList(' 127.0.0.1/32, ::1/128 ,');
    expect(Array.isArray(list) && list.map((c) => c.text)).toEqual(['127.0.0.1/32', '::1/128']);
    expect(parseCidrList('127.0.0.1/32,nope')).toHaveProperty('error');
  });
});

describe('formatIp', () => {
  it('writes addresses as RFC 5952 does', () => {
    const cases = ['::1', '::', '10.0.0.1', '2001:db8::1', 'fe80::1:0:0:1', '1:0:0:2:0:0:0:3', '1:2:3:4:5:6:7:8', '::ffff:7f00:1'];
    for (const s of cases) expect(formatIp(ip(s)), s).toBe(s === '1:0:0:2:0:0:0:3' ? '1:0:0:2::3' : s);
  });
});
