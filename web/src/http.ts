import type { Static, TSchema } from '@sinclair/typebox';

/**
 * How the browser calls the API: JSON in and out, the session cookie, and the CSRF token on every
 * change. Each feature's client (`*.api.ts`) types its calls with the server's own TypeBox schemas,
 * imported as types only, so a change on the server fails `npm run typecheck`.
 */
export type Of<S extends TSchema> = Static<S>;

/** An RFC 9457 problem from the API, with the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; code?: string; errors?: { field: string; message: string }[] },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  return params.size > 0 ? `${path}?${params}` : path;
}

export async function get<T>(path: string, query?: Query): Promise<T> {
  const res = await fetch(withQuery(path, query), { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body as ApiError['problem']);
  return body as T;
}

/** The CSRF token of the signed-in session: sent back on every change a cookie authorizes (src/http/csrf.ts). */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (csrfToken) h['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers: h, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json: unknown = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json as ApiError['problem']);
  return json as T;
}

export async function text(path: string, query?: Query): Promise<string> {
  const res = await fetch(withQuery(path, query), { headers: { accept: 'text/plain' }, credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => ({}))) as ApiError['problem']);
  return res.text();
}
