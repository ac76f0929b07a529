import { describe, expect, it } from 'vitest';
import { draftNotice } from './notice.ts';
import { publicRecordForDecision, publicRecordsForNotice } from './public-record.ts';

const now = new Date('2026-11-23T08:00:00Z');
function draft(explanation: string) {
  const r = draftNotice(
    {
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      items: [{ url: 'https://www.facebook.com/tran.van.c/posts/1' }, { url: 'https://youtu.be/abcdefghijk' }],
      explanation,
      legal_basis: { instrument: 'Luật An ninh mạng 2018', provision: 'Điều 16' },
    },
    'authority',
    now,
  );
  if (!r.ok) throw new Error('bad fixture');
  return r.draft;
}

describe('public records of notices', () => {
  it('makes one record per platform, with truncated URLs and redacted text', () => {
    const d = draft('Gọi 0912345678 hoặc viết cho a.b@c.vn');
    const recs = publicRecordsForNotice(d, { kind: 'authority', name: 'Cục A' });
    expect(recs.map((r) => r.platform).sort()).toEqual(['facebook', 'youtube']);
    // What is published: the body, and the truncated URLs the items get (content keys only link cases).
    const text = JSON.stringify(recs.map((r) => [r.body, r.search_text, r.items.map((i) => i.url)]));
    expect(text).not.toContain('0912345678');
    expect(text).not.toContain('a.b@c.vn');
    expect(text).not.toContain('tran.van.c');
    expect(recs[0]!.type).toBe('authority_request');
  });
  it('publishes nothing from a public reporter', () => {
    expect(publicRecordsForNotice(draft('x'), { kind: 'public_reporter', name: 'Người dân' })).toEqual([]);
  });
});

describe('public record of a decision', () => {
  it('redacts personal data in the free-text fields a platform writes', () => {
    const rec = publicRecordForDecision({
      decisionId: 'd',
      caseId: 'c',
      platform: 'facebook',
      platformName: 'Facebook',
      canonicalUrl: 'https://facebook.com/tran.van.c/posts/1',
      statement: { category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', decision_facts: 'Tài khoản của a.b@c.vn', puid: 'p1' },
      createdAt: now,
    });
    expect(rec.body.decision_facts).toBe('Tài khoản của [email]');
    expect(rec.body.content_url).toBe('facebook.com/…');
    expect(rec.body.puid).toBe('p1');
  });
});
