import { AppError, type ErrorCode } from '../core/errors.ts';
import type { LockInfo } from '../db/data-dir-lock.ts';

export interface OperatorEndpoint {
  base: string;
  token: string;
}

/**
 * When a running server holds the embedded database, the CLI sends the command to it. Only to
 * the loopback address the server itself wrote into the lock file: the CLI never follows a URL
 * to another machine.
 */
export function operatorEndpoint(holder: LockInfo): OperatorEndpoint | null {
  if (!holder.url || !holder.operator_token) return null;
  let u: URL;
  try {
    u = new URL(holder.url);
  } catch {
    return null;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === '0.0.0.0' || host === '::') u.hostname = '127.0.0.1';
  else if (!/^(?:127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) return null;
  return { base: u.origin, token: holder.operator_token };
}

// The server's rate limiter may ask a long import to slow down; it is waited out this many times.
const MAX_RETRIES = 20;

/**
 * One request to the server's operator routes. A problem+json answer becomes the AppError the
 * command would have thrown on the database itself, so the CLI reports both the same way.
 */
export async function callServer<T = any>(
  endpoint: OperatorEndpoint,
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  options: { body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(endpoint.base + path, {
      method,
      headers: { authorization: `Bearer ${endpoint.token}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      ...(method === 'POST' ? { body: JSON.stringify(options.body ?? {}) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    if (res.status === 429 && attempt < MAX_RETRIES) {
      const after = Number(res.headers.get('retry-after')) || 1;
      await new Promise((r) => setTimeout(r, Math.min(after, 60) * 1000));
      continue;
    }
    if (res.ok) return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
    let problem: { code?: string; detail?: string; errors?: { field: string; message: string }[]; [k: string]: unknown } = {};
    try {
      problem = JSON.parse(text);
    } catch {
      /* not a problem document */
    }
    const { code, detail, errors, type: _t, title: _ti, status: _s, instance: _i, ...extra } = problem;
    throw new AppError((code as ErrorCode) ?? 'internal', detail ?? `The server at ${endpoint.base} answered ${res.status}`, { fields: errors ?? [], extra });
  }
}
