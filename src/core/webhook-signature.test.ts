import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, isWebhookSecret, retryAfterMs, signWebhook, utf8Excerpt, webhookBody, webhookHeaders, WEBHOOK_RETRY_DELAYS_MS } from './webhook-signature.ts';

describe('Standard Webhooks signatures', () => {
  it('are verified by the standardwebhooks library', () => {
    const secret = generateWebhookSecret();
    expect(isWebhookSecret(secret)).toBe(true);
    const body = webhookBody({ type: 'case.created', at: new Date(), case_id: '0190e5a0-0000-7000-8000-000000000001', data: { status: 'received' } });
    const headers = webhookHeaders('0190e5a0-0000-7000-8000-0000000000aa', new Date(), body, [secret]);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('match the spec’s example', () => {
    // From the spec: secret, msg_id, timestamp, payload and the expected signature.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook('msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body, [secret])).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('carry one signature per live secret during a rotation; each verifies alone', () => {
    const [oldS, newS] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = '{"type":"x"}';
    const headers = webhookHeaders('id-1', new Date(), body, [newS, oldS]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(oldS).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newS).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(newS).verify(`${body} `, headers)).toThrow();
  });

  it('refuse to sign without a well-formed secret', () => {
    expect(() => signWebhook('id', 1, '', [])).toThrow();
    expect(() => signWebhook('id', 1, '', ['whsec_not base64!'])).toThrow();
  });
});

describe('webhookBody', () => {
  it('is the spec’s { type, timestamp, data } with the case named', () => {
    const body = JSON.parse(webhookBody({ type: 'case.updated', at: new Date('2026-01-02T03:04:05Z'), case_id: 'c1', data: { status: 'decided' } }));
    expect(body).toEqual({ type: 'case.updated', timestamp: '2026-01-02T03:04:05.000Z', data: { case_id: 'c1', status: 'decided' } });
  });

  it('never identifies a public reporter, at any depth', () => {
    const body = JSON.parse(
      webhookBody({
        type: 'notice.received',
        at: new Date(),
        case_id: null,
        data: {
          submitter: { id: 'o1', kind: 'public_reporter', name: 'Nguyễn Văn A', email: 'a@example.vn' },
          notices: [{ submitter_kind: 'public_reporter', submitter_name: 'B' }],
        },
      }),
    );
    expect(body.data).toEqual({ submitter: { kind: 'public_reporter' }, notices: [{ submitter_kind: 'public_reporter' }] });
    expect(JSON.stringify(body)).not.toMatch(/Nguyễn|example\.vn|o1/);
  });
});

describe('delivery helpers', () => {
  it('retries for at least 24 hours', () => {
    expect(WEBHOOK_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 3_600_000);
  });

  it('reads Retry-After as seconds or a date, within bounds', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('0', now)).toBe(1_000);
    expect(retryAfterMs('99999999', now)).toBe(24 * 3_600_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });

  it('keeps at most 1 KB of a response, whole characters, no NUL', () => {
    const text = 'ệ'.repeat(600);
    const excerpt = utf8Excerpt(Buffer.from(text));
    expect(Buffer.byteLength(excerpt)).toBeLessThanOrEqual(1024);
    expect(excerpt).toBe('ệ'.repeat(341));
    expect(utf8Excerpt(Buffer.from('a\0b'))).toBe('a\uFFFDb');
  });
});
