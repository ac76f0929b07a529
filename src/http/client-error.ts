import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.ts';
import { problemDocument } from './problem.ts';

/** What Node's HTTP parser hands to `clientError`: its code and the bytes it choked on. */
export interface ClientError extends Error {
  code?: string;
  reason?: string;
  rawPacket?: unknown;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Header values as llhttp would take them: visible ASCII, spaces, tabs, and obs-text.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The path of the request line, printable ASCII only, for the problem's `instance`. */
function instanceOf(packet: Buffer | undefined): string {
  const line = packet?.subarray(0, Math.min(packet.length, 4096)).toString('latin1').split('\r\n', 1)[0] ?? '';
  const target = line.split(' ')[1] ?? '';
  const path = target.split('?')[0]!;
  return /^\/[\x21-\x7e]*$/.test(path) ? path : '';
}

function describe(err: ClientError): string {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'The request line and headers are larger than this server accepts (16 KiB)';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'The request was not received in time';
    case 'HPE_INVALID_URL':
      return 'The request target is not a valid URL: percent-encode spaces and control characters';
    default:
      return `The request is not valid HTTP/1.1${err.reason ? ` (${err.reason})` : ''}`;
  }
}

/** A problem+json answer written straight to the socket: there is no request object yet. */
function writeProblem(socket: Socket, error: AppError, instance: string): void {
  const { status, body } = problemDocument(error, instance);
  const json = JSON.stringify(body);
  const head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n`;
  socket.end(head + json, () => socket.destroy());
}

/**
 * A request whose target holds raw UTF-8 (`GET /api/v1/public/records?q=lừa`, as curl sends what
 * was typed) rebuilt with those bytes percent-encoded, or null when it is anything else. Node's
 * parser (llhttp) refuses every byte above 0x7F in a request target, even with
 * insecureHTTPParser, and has no option to accept them; RFC 9112 asks for percent-encoding, but
 * real clients send UTF-8 and the meaning is unambiguous. Only a complete head without a body
 * (GET, HEAD) in the packet is rebuilt, its header lines held to llhttp's own rules, so nothing
 * is accepted here that the parser would not have accepted with the target encoded.
 */
export function rebuildRawUtf8Request(packet: Buffer): { method: 'GET' | 'HEAD'; url: string; headers: Record<string, string> } | null {
  const end = packet.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [requestLine, ...lines] = packet.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^(GET|HEAD) (\/\S*) HTTP\/1\.[01]$/.exec(requestLine!);
  if (!m) return null;
  // Each character is one byte (latin1); the bytes above 0x7F are the raw UTF-8.
  const url = m[2]!.replace(/[\x80-\xff]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (!/^\/[\x21-\x7e]*$/.test(url)) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) return null;
    const key = name.toLowerCase();
    // A body cannot be read from here, so a request announcing one is not rebuilt.
    if (key === 'transfer-encoding' || (key === 'content-length' && value !== '0')) return null;
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return { method: m[1] as 'GET' | 'HEAD', url, headers };
}

async function answerRebuilt(app: FastifyInstance, socket: Socket, request: NonNullable<ReturnType<typeof rebuildRawUtf8Request>>): Promise<void> {
  const res = await app.inject({ ...request, remoteAddress: socket.remoteAddress });
  const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage}`];
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || ['connection', 'keep-alive', 'transfer-encoding', 'content-length'].includes(name)) continue;
    for (const v of ([] as (string | number)[]).concat(value)) lines.push(`${name}: ${v}`);
  }
  const body = request.method === 'HEAD' ? Buffer.alloc(0) : res.rawPayload;
  lines.push(`content-length: ${res.rawPayload.length}`, 'connection: close', '', '');
  // Anything pipelined behind this request was in the refused packet: the connection ends here.
  socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]), () => socket.destroy());
}

/**
 * Fastify's `clientErrorHandler`: errors raised by Node's HTTP parser before any request exists
 * (malformed request lines, oversized heads, timeouts) answered as problem+json through the one
 * mapper, like every other error, instead of Fastify's plain `{"message":"Client Error"}`.
 */
export function handleClientError(app: FastifyInstance, err: ClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const packet = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
  const rebuilt = err.code === 'HPE_INVALID_URL' && packet ? rebuildRawUtf8Request(packet) : null;
  if (rebuilt) {
    answerRebuilt(app, socket, rebuilt).catch((e: unknown) => {
      app.log.error({ err: e }, 'answering a request with a raw UTF-8 target failed');
      socket.destroy();
    });
    return;
  }
  app.log.debug({ err }, 'client error');
  const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'malformed_request';
  writeProblem(socket, new AppError(code, describe(err)), instanceOf(packet));
}
