import net from 'node:net';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Any outbound connection from a test fails it: tests talk only to loopback (PostgreSQL, a server
 * under test) or to in-process apps through `inject`.
 */
const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: string | undefined;
  let path: string | undefined;
  if (Array.isArray(first)) {
    const o = first[0] as { host?: string; path?: string };
    host = o?.host;
    path = o?.path;
  } else if (first && typeof first === 'object') {
    ({ host, path } = first as { host?: string; path?: string });
  } else if (typeof first === 'string') {
    path = first;
  } else {
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (!path && host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`Test tried to connect to ${host}: tests must not reach the network`);
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

/**
 * Name resolution is network traffic too (a DNS query leaves the machine): in tests only loopback
 * names resolve. Code that resolves a name the test did not stub (a webhook URL, say) sees it fail,
 * as it would for a name that does not exist, and never reaches the network.
 */
const LOOPBACK_NAME = /^(?:localhost|127\.\d+\.\d+\.\d+|::1)$/i;
function refused(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (tests must not reach the network)`), { code: 'ENOTFOUND', hostname });
}
const lookup = dns.lookup;
dns.lookup = function patchedLookup(hostname: string, ...rest: unknown[]) {
  if (LOOPBACK_NAME.test(hostname)) return (lookup as (...a: unknown[]) => void).call(dns, hostname, ...rest);
  const callback = rest.at(-1) as (err: Error) => void;
  process.nextTick(() => callback(refused(hostname)));
} as typeof dns.lookup;
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function patchedPromisesLookup(hostname: string, ...rest: unknown[]) {
  if (LOOPBACK_NAME.test(hostname)) return (promisesLookup as (...a: unknown[]) => Promise<unknown>).call(dns.promises, hostname, ...rest);
  throw refused(hostname);
} as typeof dns.promises.lookup;
// `import { lookup } from 'node:dns/promises'` reads the ESM view of the module: bring it up to date.
syncBuiltinESMExports();
