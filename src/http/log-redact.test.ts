import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openTestApp } from '../../test/app.ts';
import { logSafeUrl } from './log-redact.ts';

describe('request logs', () => {
  it('never keep an invitation token', () => {
    expect(logSafeUrl('/api/v1/invitations/inv_abcDEF123-_x/acceptance')).toBe('/api/v1/invitations/[token]/acceptance');
    expect(logSafeUrl('/api/v1/invitations/inv_abc?x=1')).toBe('/api/v1/invitations/[token]?x=1');
    expect(logSafeUrl('/api/v1/invitations')).toBe('/api/v1/invitations');
    expect(logSafeUrl('/api/v1/cases/0192?cursor=abc')).toBe('/api/v1/cases/0192?cursor=abc');
  });

  it("never keep an affected user's statement link", () => {
    const token = 'a'.repeat(43);
    expect(logSafeUrl(`/api/v1/public/statements/${token}`)).toBe('/api/v1/public/statements/[token]');
    expect(logSafeUrl(`/api/v1/public/statements/${token}/appeals`)).toBe('/api/v1/public/statements/[token]/appeals');
    expect(logSafeUrl(`/statements/${token}`)).toBe('/statements/[token]');
  });

  it('carry the request id, and no token, key or cookie, in what the server writes', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const t = await openTestApp({ logStream: stream });
    try {
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/invitations/inv_SECRETTOKEN123',
        headers: { authorization: 'Bearer mbk_SECRETKEY', cookie: '__Host-minhbach_session=SECRETSESSION' },
      });
    } finally {
      await t.close();
    }
    const text = lines.join('');
    expect(text).toContain('"reqId"');
    expect(text).toContain('/api/v1/invitations/[token]');
    for (const secret of ['SECRETTOKEN123', 'SECRETKEY', 'SECRETSESSION']) expect(text).not.toContain(secret);
  });
});
