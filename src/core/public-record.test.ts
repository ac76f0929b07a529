import { describe, expect, it } from 'vitest';
import { draftNotice } from './notice.ts';
import { publicRecordForDecision, publicRecordForWithdrawal, publicRecordsForNotice } from './public-record.ts';
import { publicDocument, sealPublicRecord, type PublishableRecord } from './public-record-document.ts';

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

describe('every published field of every record type', () => {
  // One of each kind of personal data, and the text that must never reach the public from it.
  const pii = [
    ['0912 345 678', '0912345678'],
    ['sđt0987654321', '0987654321'],
    ['+84 (0) 912-111-222', '912111222'],
    ['lua.dao@gmail.com', 'lua.dao'],
    ['tran.b [at] yahoo [dot] com', 'tran.b'],
    ['CCCD 001 099 012 345', '001099012345'],
    ['STK 0071000123456', '0071000123456'],
    ['thẻ 4111 1111 1111 1111', '4111111111111111'],
    ['https://www.facebook.com/nguyen.van.an.99/posts/1', 'nguyen.van.an.99'],
  ] as const;
  const dirty = (field: string) => `${field}: ${pii.map(([text]) => text).join(', ')}; theo Nghị định 147/2024/NĐ-CP`;

  function strings(value: unknown, path: string, out: [string, string][]): [string, string][] {
    if (typeof value === 'string') out.push([path, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) strings(v, `${path}.${k}`, out).push([`${path}{key}`, k]);
    return out;
  }
  function expectClean(record: PublishableRecord) {
    const document = publicDocument({ ...sealPublicRecord(record), withdrawn_by: null });
    const leaves = strings(document, '', []);
    expect(leaves.length).toBeGreaterThan(5);
    for (const [path, text] of leaves) {
      const compact = text.replace(/[^\p{L}\p{N}.]/gu, '');
      for (const [, secret] of pii) expect(compact, `${path} leaks ${secret}`).not.toContain(secret);
    }
    // Redaction keeps what is public: the law cited.
    expect(JSON.stringify(document)).toContain('147/2024/NĐ-CP');
  }

  it('holds no personal data in notices of authorities, trusted flaggers and rights holders', () => {
    const r = draftNotice(
      {
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        items: [{ url: 'https://www.facebook.com/nguyen.van.an.99/posts/1' }],
        explanation: dirty('explanation'),
        legal_basis: { instrument: dirty('instrument'), provision: dirty('provision'), reference_url: 'https://www.facebook.com/nguyen.van.an.99/posts/1' },
      },
      'authority',
      now,
    );
    if (!r.ok) throw new Error('bad fixture');
    for (const kind of ['authority', 'trusted_flagger', 'rights_holder'] as const) {
      const records = publicRecordsForNotice(r.draft, { kind, name: dirty('Sở Thông tin, liên hệ anh Bình') });
      expect(records).toHaveLength(1);
      for (const { items, search_text, ...record } of records) {
        expectClean({ ...record, body: { ...record.body, items: items.map((i) => ({ url: i.url })) } });
        for (const [, secret] of pii) expect(search_text).not.toContain(secret);
      }
    }
  });

  it('holds no personal data in statements of reasons and refusals to act, whatever field a platform fills', () => {
    const statement: Record<string, unknown> = {
      decision_visibility: ['DECISION_VISIBILITY_OTHER'],
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      decision_ground_reference_url: 'https://www.facebook.com/nguyen.van.an.99/posts/1?phone=0912345678',
      content_type: ['CONTENT_TYPE_TEXT'],
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      content_date: '2026-11-01',
      application_date: '2026-11-02',
      automated_detection: 'No',
      automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      puid: 'sdt0912345678',
      content_id: { 'EAN-13': '4006381333931', [dirty('id')]: dirty('value'), url: 'https://www.tiktok.com/@nguyen.van.an.99/video/7300000000000000000' },
      source_type: 'SOURCE_TRUSTED_FLAGGER',
      source_identity: dirty('Tổ chức kiểm chứng'),
      platform_name: dirty('platform'),
    };
    for (const field of [
      'decision_facts',
      'illegal_content_legal_ground',
      'illegal_content_explanation',
      'incompatible_content_ground',
      'incompatible_content_explanation',
      'decision_visibility_other',
      'decision_monetary_other',
      'content_type_other',
      'category_specification_other',
    ]) {
      statement[field] = dirty(field);
    }
    for (const outcome of ['restriction', 'no_action'] as const) {
      const {
        search_text,
        source_id: _,
        ...record
      } = publicRecordForDecision({
        decisionId: '01a20000-0000-7000-8000-000000000001',
        caseId: '01a20000-0000-7000-8000-000000000002',
        platform: 'facebook',
        platformName: dirty('Facebook'),
        canonicalUrl: 'https://facebook.com/nguyen.van.an.99/posts/1',
        statement,
        createdAt: now,
        outcome,
      });
      expectClean(record);
      for (const [, secret] of pii) expect(search_text).not.toContain(secret);
      expect(record.body.content_id).toMatchObject({ 'EAN-13': '4006381333931', url: 'tiktok.com/…' });
      expect(record.body.decision_ground_reference_url).toBe('facebook.com/…');
    }
  });

  it('holds no personal data in a withdrawal', () => {
    const {
      search_text,
      source_id: _,
      ...record
    } = publicRecordForWithdrawal({
      withdrawnId: '01a20000-0000-7000-8000-000000000001',
      withdrawnType: 'authority_request',
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      platform: 'facebook',
      reason: dirty('reason'),
      legalBasis: dirty('legal basis'),
      at: now,
    });
    expectClean(record);
    for (const [, secret] of pii) expect(search_text).not.toContain(secret);
  });

  it('caps an organization name that is too long to be one', () => {
    const [record] = publicRecordsForNotice(draft('x'), { kind: 'authority', name: 'Cục '.repeat(200) });
    expect((record!.body.requester as { name: string }).name.length).toBeLessThanOrEqual(200);
  });
});
