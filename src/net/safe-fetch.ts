import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { formatIp, parseIp, refusedRange, type Cidr, type Ip } from '../core/cidr.ts';

/**
 * Every request minhbach makes to an address someone else chose (webhooks today) goes through here,
 * so none can be turned against the server's own network (SSRF):
 * - http and https only, no credentials in the URL;
 * - the host is resolved first (all its addresses), and refused if ANY address is in a refused range
 *   (src/core/cidr.ts: private, loopback, link-local and metadata, CGNAT, multicast, ULA, IPv4-mapped
 *   forms of these…) unless the operator allowed it (MINHBACH_OUTBOUND_ALLOW);
 * - the socket connects to the address that was checked (given as the host, the name going in the
 *   Host header and TLS's server name), never to a second resolution that a rebinding DNS server
 *   could answer differently;
 * - redirects are not followed unless asked (`maxRedirects`); each one is checked the same way;
 * - one deadline for the whole exchange, and the response body read up to a cap only.
 */

export interface OutboundPolicy {
  /** Ranges the operator allows despite being refused by default (MINHBACH_OUTBOUND_ALLOW). */
  allow: readonly Cidr[];
  /** Resolves a host name to all its addresses; dns.lookup by default. Tests give their own, to play a hostile DNS. */
  resolve?: (hostname: string) => Promise<string[]>;
}

export type SafeFetchErrorKind = 'refused' | 'timeout' | 'network' | 'redirect';

export class SafeFetchError extends Error {
  constructor(
    readonly kind: SafeFetchErrorKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'SafeFetchError';
  }
}

export interface SafeFetchOptions {
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, redirects included. */
  timeoutMs?: number;
  /** Bytes of the response body kept; the rest is not read (the connection is closed). */
  maxBodyBytes?: number;
  /** 0 (default): a 3xx is returned as it is. Otherwise at most this many, each checked like the first URL. */
  maxRedirects?: number;
  /** Certificate authorities to trust instead of Node's (PEM), for receivers behind an internal CA. */
  ca?: string;
}

export interface SafeFetchResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body was longer than maxBodyBytes. */
  truncated: boolean;
  /** The URL that answered (after redirects). */
  url: string;
  /** The address connected to. */
  address: string;
}

const defaultResolve = async (hostname: string) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Checks a URL's form (no I/O): http(s), a host, no credentials. Returns the parsed URL. */
export function checkOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SafeFetchError('refused', 'is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SafeFetchError('refused', 'must be an http or https URL');
  if (url.username !== '' || url.password !== '') throw new SafeFetchError('refused', 'must not contain credentials');
  if (url.hostname === '') throw new SafeFetchError('refused', 'must name a host');
  return url;
}

/**
 * Resolves a URL's host and checks every address it has; returns the one to connect to. A name with
 * one refused address among public ones is refused: which one a client picks is not ours to know.
 */
export async function resolveOutbound(url: URL, policy: OutboundPolicy): Promise<Ip> {
  const host = url.hostname;
  const literal = parseIp(host.startsWith('[') ? host.slice(1, -1) : host);
  let addresses: Ip[];
  if (literal) addresses = [literal];
  else {
    let resolved: string[];
    try {
      resolved = await (policy.resolve ?? defaultResolve)(host);
    } catch (e) {
      throw new SafeFetchError('network', `could not resolve ${host}`, { cause: e });
    }
    addresses = resolved.map((a) => parseIp(a)).filter((a): a is Ip => a !== null);
    if (addresses.length === 0) throw new SafeFetchError('network', `${host} has no address`);
  }
  for (const a of addresses) {
    const why = refusedRange(a, policy.allow);
    if (why) throw new SafeFetchError('refused', `${host} resolves to ${formatIp(a)}, a ${why} address, which minhbach does not send requests to`);
  }
  return addresses[0]!;
}

// Sockets per checked address: enough for the worker's concurrency, few kept idle.
const HTTP_POOL = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 });
const HTTPS_POOL = new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 });

export async function safeFetch(rawUrl: string, policy: OutboundPolicy, options: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let url = checkOutboundUrl(rawUrl);
  let method = options.method ?? 'GET';
  let body = options.body;
  const maxRedirects = options.maxRedirects ?? 0;
  for (let hop = 0; ; hop++) {
    const ip = await withDeadline(resolveOutbound(url, policy), deadline);
    const res = await request(url, ip, { ...options, method, body }, deadline);
    const location = res.headers.location;
    if (maxRedirects === 0 || res.status < 300 || res.status > 399 || res.status === 304 || location === undefined) return res;
    if (hop >= maxRedirects) throw new SafeFetchError('redirect', `more than ${maxRedirects} redirects`);
    try {
      url = checkOutboundUrl(new URL(location, url).href);
    } catch (e) {
      throw new SafeFetchError('redirect', `redirected to a URL that ${(e as Error).message}`, { cause: e });
    }
    // 307 and 308 repeat the request as it was; the others turn it into a GET without a body.
    if (res.status !== 307 && res.status !== 308) {
      method = 'GET';
      body = undefined;
    }
  }
}

async function withDeadline<T>(p: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SafeFetchError('timeout', 'timed out')), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function request(url: URL, ip: Ip, options: SafeFetchOptions & { method: string }, deadline: number): Promise<SafeFetchResponse> {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, res?: SafeFetchResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(res!);
    };
    const literal = parseIp(url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname) !== null;
    const req = lib.request(
      {
        protocol: url.protocol,
        host: formatIp(ip),
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: options.method,
        headers: {
          host: url.host,
          'user-agent': 'minhbach',
          ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
          ...options.headers,
        },
        // The certificate is checked against the name, not the address connected to (no SNI for an address).
        ...(literal ? {} : { servername: url.hostname }),
        ...(options.ca ? { ca: options.ca } : {}),
        // Connections are kept alive and pooled by the address connected to (plus the TLS name and
        // CA): `host` is the address this request just resolved and checked, so a pooled socket is
        // only reused to the same checked address — never one connected under another resolution.
        agent: url.protocol === 'https:' ? HTTPS_POOL : HTTP_POOL,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () =>
          finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).subarray(0, maxBody), truncated, url: url.href, address: formatIp(ip) });
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > maxBody) {
            // Enough: what is left is not read, so a huge or endless answer costs nothing.
            truncated = true;
            done();
            req.destroy();
          }
        });
        res.on('end', done);
        res.on('error', (e) => finish(new SafeFetchError('network', e.message, { cause: e })));
      },
    );
    const timer = setTimeout(
      () => {
        finish(new SafeFetchError('timeout', `no complete answer within ${options.timeoutMs ?? 10_000} ms`));
        req.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    req.on('error', (e) => finish(new SafeFetchError('network', e.message, { cause: e })));
    req.end(options.body);
  });
}
