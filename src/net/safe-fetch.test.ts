import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCidrList, type Cidr } from '../core/cidr.ts';
import { safeFetch, SafeFetchError, type OutboundPolicy } from './safe-fetch.ts';

const LOOPBACK = parseCidrList('127.0.0.1/32') as Cidr[];
let server: http.Server;
let base: string;
const seen: { method: string; url: string; host: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, host: req.headers.host!, body });
      if (req.url === '/hello') res.end('hi');
      else if (req.url === '/big') res.end('x'.repeat(100_000));
      else if (req.url === '/slow') setTimeout(() => res.end('late'), 2_000);
      else if (req.url === '/to-private') res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
      else if (req.url === '/to-metadata') res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else if (req.url === '/to-hello') res.writeHead(307, { location: '/hello' }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else res.writeHead(404).end('no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function refusal(p: Promise<unknown>): Promise<SafeFetchError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SafeFetchError);
  return e as SafeFetchError;
}

describe('safeFetch', () => {
  it('reaches an allowed address, with the name in the Host header', async () => {
    const res = await safeFetch(`${base}/hello`, { allow: LOOPBACK }, { method: 'POST', body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('hi');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"a":1}', host: base.slice('http://'.length) });
  });

  it('refuses loopback when the operator has not allowed it, before connecting', async () => {
    const before = seen.length;
    const e = await refusal(safeFetch(`${base}/hello`, { allow: [] }));
    expect(e.kind).toBe('refused');
    expect(e.message).toMatch(/loopback/);
    expect(seen.length).toBe(before);
  });

  it('refuses private, metadata, IPv6 loopback and IPv4-mapped addresses', async () => {
    for (const url of [
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00:ec2::254]/',
      'http://0.0.0.0/',
      'http://100.64.0.1/',
    ]) {
      expect((await refusal(safeFetch(url, { allow: [] }))).kind, url).toBe('refused');
    }
    // WHATWG URL parsing turns other spellings of an address into the dotted form first.
    expect((await refusal(safeFetch('http://0x7f000001/', { allow: [] }))).message).toMatch(/loopback/);
    expect((await refusal(safeFetch('http://2130706433/', { allow: [] }))).message).toMatch(/loopback/);
  });

  it('refuses a host name that resolves to loopback, or to any refused address among public ones', async () => {
    const dns = (answers: string[]): OutboundPolicy => ({ allow: [], resolve: async () => answers });
    expect((await refusal(safeFetch('http://localhost/', { allow: [] }))).message).toMatch(/loopback/);
    expect((await refusal(safeFetch('http://hooks.example/', dns(['127.0.0.1'])))).message).toMatch(/127\.0\.0\.1, a loopback/);
    expect((await refusal(safeFetch('http://hooks.example/', dns(['93.184.215.14', '10.1.2.3'])))).message).toMatch(/10\.1\.2\.3/);
    expect((await refusal(safeFetch('http://hooks.example/', dns(['::ffff:169.254.169.254'])))).message).toMatch(/metadata/);
    expect((await refusal(safeFetch('http://hooks.example/', dns([])))).kind).toBe('network');
  });

  it('connects to the address it checked, not to a second answer of the DNS (rebinding)', async () => {
    // A DNS that answers an allowed address once and a private one afterwards: one resolution is
    // made, and the socket goes to the address it gave, with the name kept for the Host header.
    let calls = 0;
    const rebinding: OutboundPolicy = { allow: LOOPBACK, resolve: async () => (calls++ === 0 ? ['127.0.0.1'] : ['10.0.0.1']) };
    const port = new URL(base).port;
    const res = await safeFetch(`http://rebind.example:${port}/hello`, rebinding);
    expect(res).toMatchObject({ status: 200, address: '127.0.0.1' });
    expect(seen.at(-1)!.host).toBe(`rebind.example:${port}`);
    expect(calls).toBe(1);
    // A public answer: the socket is opened to that very address (the test guard stops it there).
    const e = await safeFetch('http://public.example/', { allow: [], resolve: async () => ['93.184.215.14'] }).catch((err: unknown) => err as Error);
    expect((e as Error).message).toMatch(/93\.184\.215\.14/);
  });

  it('refuses other schemes and credentials', async () => {
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'http://user:pw@example.com/', 'gopher://127.0.0.1/', 'not a url']) {
      expect((await refusal(safeFetch(url, { allow: LOOPBACK }))).kind, url).toBe('refused');
    }
  });

  it('returns a redirect as it is unless told to follow; then checks every hop', async () => {
    const res = await safeFetch(`${base}/to-private`, { allow: LOOPBACK });
    expect(res.status).toBe(302);
    expect((await refusal(safeFetch(`${base}/to-private`, { allow: LOOPBACK }, { maxRedirects: 3 }))).message).toMatch(/10\.0\.0\.1, a private/);
    expect((await refusal(safeFetch(`${base}/to-metadata`, { allow: LOOPBACK }, { maxRedirects: 3 }))).message).toMatch(/metadata/);
    expect((await refusal(safeFetch(`${base}/loop`, { allow: LOOPBACK }, { maxRedirects: 3 }))).kind).toBe('redirect');
    const followed = await safeFetch(`${base}/to-hello`, { allow: LOOPBACK }, { method: 'POST', body: 'x', maxRedirects: 3 });
    expect(followed).toMatchObject({ status: 200, url: `${base}/hello` });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/hello', body: 'x' });
  });

  it('keeps a capped body and gives up at the deadline', async () => {
    const big = await safeFetch(`${base}/big`, { allow: LOOPBACK }, { maxBodyBytes: 1024 });
    expect(big.body.length).toBe(1024);
    expect(big.truncated).toBe(true);
    const t0 = Date.now();
    expect((await refusal(safeFetch(`${base}/slow`, { allow: LOOPBACK }, { timeoutMs: 200 }))).kind).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1_500);
  });
});

describe('MINHBACH_OUTBOUND_ALLOW', () => {
  it('is read once into ranges, and a bad value names the variable', async () => {
    const { loadConfig } = await import('../config.ts');
    expect(loadConfig({}).outboundAllow).toEqual([]);
    expect(loadConfig({ MINHBACH_OUTBOUND_ALLOW: '127.0.0.1/32, 10.20.0.0/16' }).outboundAllow.map((c) => c.text)).toEqual(['127.0.0.1/32', '10.20.0.0/16']);
    expect(() => loadConfig({ MINHBACH_OUTBOUND_ALLOW: '10.0.0.1/8' })).toThrow(/MINHBACH_OUTBOUND_ALLOW.*bits set/);
    expect(() => loadConfig({ MINHBACH_OUTBOUND_ALLOW: 'localhost' })).toThrow(/MINHBACH_OUTBOUND_ALLOW/);
  });
});

// A self-signed certificate for hooks.test (EC P-256, valid for a century), made for this test.
const HOOKS_TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOJjQDTBnqYI4ymNg
5x46e1aRY8QNDGu9QeP53Ba7UcShRANCAAQDKJeavwHAxFKvr9GQ9E+78a1hm/QQ
0q+vM1Bs020fKD+LU2hIttus0uzwLxJTuK2KneYmnEsqYqd+dtSlulww
-----END PRIVATE KEY-----`;
const HOOKS_TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBmTCCAT6gAwIBAgIUPlyauhG9Wxu6VPg9FORTsLpjf0MwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKaG9va3MudGVzdDAgFw0yNjEyMDcxMjE4MTJaGA8yMTI2MTEx
MzEyMTgxMlowFTETMBEGA1UEAwwKaG9va3MudGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABAMol5q/AcDEUq+v0ZD0T7vxrWGb9BDSr68zUGzTbR8oP4tTaEi2
26zS7PAvElO4rYqd5iacSypip3521KW6XDCjajBoMB0GA1UdDgQWBBS9g0p0fqXV
78EkRnY4PHPlq/61BjAfBgNVHSMEGDAWgBS9g0p0fqXV78EkRnY4PHPlq/61BjAP
BgNVHRMBAf8EBTADAQH/MBUGA1UdEQQOMAyCCmhvb2tzLnRlc3QwCgYIKoZIzj0E
AwIDSQAwRgIhANob27foiD0btMVjGocVI8SAfuJ71n3BYQ26CuyVOjRHAiEA8Q3o
cHZ7jFH4OI7QN6q69P7Au+oGZdalf8c+wpaIUow=
-----END CERTIFICATE-----`;

describe('safeFetch over TLS', () => {
  it('connects to the checked address but verifies the certificate against the name', async () => {
    const server = https.createServer({ key: HOOKS_TEST_KEY, cert: HOOKS_TEST_CERT }, (req, res) => res.end(`tls ${req.headers.host}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const dns: OutboundPolicy = { allow: LOOPBACK, resolve: async () => ['127.0.0.1'] };
      const res = await safeFetch(`https://hooks.test:${port}/`, dns, { ca: HOOKS_TEST_CERT });
      expect(res).toMatchObject({ status: 200, address: '127.0.0.1' });
      expect(res.body.toString()).toBe(`tls hooks.test:${port}`);
      // Another name at the same address: the certificate does not match it.
      const wrongName = await refusal(safeFetch(`https://other.test:${port}/`, dns, { ca: HOOKS_TEST_CERT }));
      expect(wrongName.kind).toBe('network');
      expect(wrongName.message).toMatch(/other\.test|altnames/i);
      // The address itself: no certificate names it.
      expect((await refusal(safeFetch(`https://127.0.0.1:${port}/`, dns, { ca: HOOKS_TEST_CERT }))).kind).toBe('network');
      // Without the CA, an unknown issuer.
      expect((await refusal(safeFetch(`https://hooks.test:${port}/`, dns))).message).toMatch(/self-signed|self signed/i);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
