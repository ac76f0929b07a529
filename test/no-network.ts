import net from 'node:net';

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
