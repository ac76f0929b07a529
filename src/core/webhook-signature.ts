import { createHmac, randomBytes } from 'node:crypto';
import type { DomainEvent } from './events.ts';

/**
 * Standard Webhooks (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md):
 * a delivery carries `webhook-id` (the event's id, the same on every retry and replay, so a receiver
 * de-duplicates on it), `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature`:
 * `v1,<base64 HMAC-SHA256 of "${id}.${timestamp}.${body}">`, keyed with the bytes of the secret after
 * `whsec_`. During a secret rotation it carries one signature per live secret, space-separated, and a
 * receiver accepts the message if any of them verifies.
 */

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A new secret: 32 random bytes (the spec asks for 24 to 64), as `whsec_<base64>`. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

export function isWebhookSecret(s: string): boolean {
  return s.startsWith(SECRET_PREFIX) && BASE64.test(s.slice(SECRET_PREFIX.length)) && s.length % 4 === SECRET_PREFIX.length % 4;
}

function secretKey(secret: string): Buffer {
  if (!isWebhookSecret(secret)) throw new Error('not a whsec_ secret');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** One `v1,…` signature per secret, space-separated, in the order given (the newest secret first). */
export function signWebhook(id: string, timestampSeconds: number, body: string, secrets: readonly string[]): string {
  if (secrets.length === 0) throw new Error('no secret to sign with');
  const signed = `${id}.${timestampSeconds}.${body}`;
  return secrets.map((s) => `v1,${createHmac('sha256', secretKey(s)).update(signed, 'utf8').digest('base64')}`).join(' ');
}

/** The three headers of a delivery attempt made at `at`. */
export function webhookHeaders(id: string, at: Date, body: string, secrets: readonly string[]): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const ts = Math.floor(at.getTime() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(id, ts, body, secrets) };
}

/**
 * The body of a delivery: the spec's `{ type, timestamp, data }`, timestamp being when the event
 * happened (not when this attempt is made). The case is named in `data.case_id` when the event has
 * one. The events' authors keep reporters' personal data out of `data`; this is the last line: any
 * organization described in it as a public reporter is reduced to its kind (a member of the public
 * who reported content is never identified to a platform or anyone else).
 */
export function webhookBody(event: Pick<DomainEvent, 'type' | 'at' | 'case_id' | 'data'>): string {
  const data = withoutPublicReporters(event.data) as Record<string, unknown>;
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.at).toISOString(),
    data: event.case_id && data.case_id === undefined ? { case_id: event.case_id, ...data } : data,
  });
}

function withoutPublicReporters(value: unknown, depth = 0): unknown {
  // Event data is ours and shallow; the bound only stops a runaway structure.
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutPublicReporters(v, depth + 1));
  const o = value as Record<string, unknown>;
  if (o.kind === 'public_reporter' || o.submitter_kind === 'public_reporter') {
    return o.kind === 'public_reporter' ? { kind: 'public_reporter' } : { submitter_kind: 'public_reporter' };
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, withoutPublicReporters(v, depth + 1)]));
}

/**
 * Waits between attempts (the spec's example schedule): attempt 1 at once, then 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h: eight attempts over 27 h 35 min, so a receiver down for a day still gets it.
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];

/** An endpoint that has failed, with no success, for this long is disabled (its admins are told). */
export const WEBHOOK_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;

/** Whether an endpoint failing since `failingSince` (and not succeeding since) is to be disabled now. */
export function shouldDisableEndpoint(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= WEBHOOK_DISABLE_AFTER_MS;
}

/**
 * How long a receiver asks us to wait (Retry-After on 429 or 503: seconds, or an HTTP date), kept
 * between 1 s and 24 h so a receiver can neither make us hammer it nor park a delivery for ever.
 * Null when absent or unreadable: the ordinary schedule applies.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  if (header === undefined) return null;
  const h = header.trim();
  let ms: number;
  if (/^\d{1,10}$/.test(h)) ms = Number(h) * 1000;
  else {
    const at = Date.parse(h);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(ms, 1_000), 24 * 3_600_000);
}

/**
 * At most `maxBytes` of UTF-8 text, cut on a character boundary (what a delivery log keeps of a
 * response). NUL becomes U+FFFD: PostgreSQL text cannot hold it, and a receiver chooses its bytes.
 */
export function utf8Excerpt(bytes: Uint8Array, maxBytes = 1024): string {
  const text = Buffer.from(bytes.subarray(0, maxBytes + 4))
    .toString('utf8')
    .replaceAll('\0', '\uFFFD');
  let out = '';
  let size = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > maxBytes) break;
    out += ch;
    size += n;
  }
  return out;
}
