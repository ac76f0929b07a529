import { describe, expect, it } from 'vitest';
import { draftNotice, noticeFingerprint, type NoticeInput } from './notice.ts';

const now = new Date('2026-11-23T08:00:00Z');
const input = (over: Partial<NoticeInput> = {}): NoticeInput => ({
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  items: [{ url: 'https://www.facebook.com/page/posts/1' }],
  explanation: 'Lừa đảo',
  ...over,
});

describe('drafting a notice', () => {
  it('canonicalizes each item and sets the deadline for the submitter', () => {
    const r = draftNotice(input({ legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP' } }), 'authority', now);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.draft.items[0]).toMatchObject({ platform: 'facebook', position: 0 });
    expect(r.draft.due_at.getTime() - now.getTime()).toBe(24 * 3_600_000);
  });

  it('requires a legal basis from an authority only', () => {
    const r = draftNotice(input(), 'authority', now);
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['legal_basis']);
    expect(draftNotice(input(), 'trusted_flagger', now).ok).toBe(true);
  });

  it('lets only authorities and trusted flaggers mark a notice urgent, for a 24 h deadline', () => {
    for (const kind of ['rights_holder', 'public_reporter'] as const) {
      const r = draftNotice(input({ urgency: 'urgent' }), kind, now);
      expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['urgency']);
      expect(draftNotice(input({ urgency: 'normal' }), kind, now).ok).toBe(true);
    }
    const flagged = draftNotice(input({ urgency: 'urgent' }), 'trusted_flagger', now);
    expect(flagged.ok && flagged.draft.due_at.getTime() - now.getTime()).toBe(24 * 3_600_000);
    expect(draftNotice(input({ urgency: 'urgent', legal_basis: { instrument: 'Luật An ninh mạng 2018' } }), 'authority', now).ok).toBe(true);
  });

  it('refuses two items that are the same content, naming both', () => {
    const r = draftNotice(input({ items: [{ url: 'https://facebook.com/page/posts/1' }, { url: 'https://m.facebook.com/page/posts/1?fbclid=x' }] }), 'public_reporter', now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toEqual({ field: 'items[1].url', message: 'is the same content as items[0].url' });
  });

  it('reports every bad item, not just the first', () => {
    const r = draftNotice(input({ items: [{ url: 'ftp://x.vn/a' }, { url: 'https://ok.vn/a' }, { url: 'javascript:alert(1)' }] }), 'public_reporter', now);
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['items[0].url', 'items[2].url']);
  });
});

describe('notice fingerprint', () => {
  it('is the same for the same notice however its URLs and whitespace vary', () => {
    expect(noticeFingerprint('C', ['b', 'a'], 'Lừa  đảo ')).toBe(noticeFingerprint('C', ['a', 'b'], 'lừa đảo'));
  });
  it('differs when the category, content or explanation differs', () => {
    const base = noticeFingerprint('C', ['a'], 'x');
    expect(noticeFingerprint('D', ['a'], 'x')).not.toBe(base);
    expect(noticeFingerprint('C', ['b'], 'x')).not.toBe(base);
    expect(noticeFingerprint('C', ['a'], 'y')).not.toBe(base);
  });
});
