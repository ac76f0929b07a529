import type { LockInfo } from '../db/data-dir-lock.ts';

/**
 * When a running server holds the embedded database, the CLI sends the command to it. Only to
 * the loopback address the server itself wrote into the lock file: the CLI never follows a URL
 * to another machine.
 */
export function operatorEndpoint(holder: LockInfo): { base: string; token: string } | null {
  if (!holder.url || !holder.operator_token) return null;
  let u: URL;
  try {
    u = new URL(holder.url);
  } catch {
    return null;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === '0.0.0.0' || host === '::') u.hostname = '127.0.0.1';
  else if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) return null;
  return { base: u.origin, token: holder.operator_token };
}

export async function postToServer(endpoint: { base: string; token: string }, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(endpoint.base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, json: await res.json() };
}
