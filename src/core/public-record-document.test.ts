import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presealPublicRecord, publicDocument, sealPublicRecord, type PublishableRecord } from './public-record-document.ts';
import { canonicalJson } from './tlog/jcs.ts';

const record = (body: Record<string, unknown>): PublishableRecord => ({
  id: '01a20000-0000-7000-8000-000000000001',
  type: 'authority_request',
  published_at: new Date(Date.UTC(2026, 10, 23, 8, 0, 0, 7)),
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  platform: 'facebook',
  requester_kind: 'authority',
  body,
});

describe('presealing a record whose one member comes later', () => {
  it('gives exactly the seal of the whole record, wherever the member sorts among the others', () => {
    const text = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000'));
    const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('\\u0000'));
    fc.assert(
      fc.property(fc.dictionary(text, json), text, json, (body, member, value) => {
        const { [member]: _, ...rest } = body;
        const sealed = presealPublicRecord(record(rest), member)(value);
        expect(sealed).toEqual(sealPublicRecord(record({ ...rest, [member]: value })));
        expect(sealed.body[member]).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('fills intake items after the fact with the same digest as sealing the finished record', () => {
    const items = [{ url: 'https://www.facebook.com/post/1', case_id: '01a20000-0000-7000-8000-0000000000aa' }];
    const body = { explanation: 'Trang giả mạo ngân hàng', notice_id: 'n', urgency: 'normal' };
    expect(presealPublicRecord(record(body), 'items')(items).sha256).toBe(sealPublicRecord(record({ ...body, items })).sha256);
  });

  it('keeps a body member named "__proto__" as a member (JSON.parse makes such bodies)', () => {
    const body = JSON.parse('{"__proto__":[1],"a":1}') as Record<string, unknown>;
    expect(canonicalJson(publicDocument({ ...record(body), withdrawn_by: null }))).toContain('"__proto__":[1],"a":1');
    expect(presealPublicRecord(record({ a: 1 }), '__proto__')([1]).sha256).toBe(sealPublicRecord(record(body)).sha256);
  });

  it('refuses a body that already holds the placeholder, rather than splice in the wrong place', () => {
    expect(() => presealPublicRecord(record({ x: '\u0000hole\u0000' }), 'items')).toThrow(/cannot preseal/);
  });
});
