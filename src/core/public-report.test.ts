import { describe, expect, it } from 'vitest';
import { draftNotice } from './notice.ts';
import { draftPublicReport, reportFieldErrors, withScheme } from './public-report.ts';
import { reportItemStatus, type ReportCaseRow } from './public-report-status.ts';

describe('a public report', () => {
  it('becomes a notice with the DSA category and keyword of the plain choice', () => {
    const r = draftPublicReport({ urls: ['facebook.com/page.x/posts/1'], choice: 'phishing', description: '  Trang đòi mật khẩu  ', contact_email: ' Lan@Example.VN ' });
    expect(r).toEqual({
      ok: true,
      draft: {
        choice: 'phishing',
        contact_email: 'Lan@example.vn',
        evidence: null,
        notice: {
          category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
          category_specification: ['KEYWORD_PHISHING'],
          items: [{ url: 'https://facebook.com/page.x/posts/1' }],
          explanation: 'Trang đòi mật khẩu',
        },
      },
    });
    const other = draftPublicReport({ urls: ['https://x.vn/a'], choice: 'other', description: 'Khác', evidence: ' ' });
    expect(other.ok && other.draft.notice).toEqual({ category: 'STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE', items: [{ url: 'https://x.vn/a' }], explanation: 'Khác' });
    expect(other.ok && other.draft.evidence).toBeNull();
  });

  it('names each field the form has, in Vietnamese then English', () => {
    const r = draftPublicReport({ urls: ['https://x.vn/a', ' '], choice: 'scam', description: ' \n ', contact_email: 'lan@' });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'urls[1]', message: expect.stringMatching(/^Nhập đường link .*\(enter the address/) },
        { field: 'description', message: expect.stringContaining('(say what is wrong') },
        { field: 'contact_email', message: expect.stringContaining('(is not an e-mail address)') },
      ],
    });
  });

  it('names the notice rules’ problems by the form’s fields', () => {
    const r = draftPublicReport({ urls: ['https://www.facebook.com/a/posts/1', 'ftp://x', 'https://m.facebook.com/a/posts/1'], choice: 'scam', description: 'x' });
    const drafted = draftNotice(r.ok ? r.draft.notice : (null as never), 'public_reporter', new Date());
    expect(drafted.ok).toBe(false);
    expect(reportFieldErrors(drafted.ok ? [] : drafted.errors)).toEqual([
      { field: 'urls[1]', message: expect.stringMatching(/^Đường link chưa đúng \(URL must be absolute/) },
      { field: 'urls[2]', message: 'Trùng với đường link thứ 1 (is the same content as urls[0])' },
    ]);
  });

  it('assumes https:// only where no scheme was given', () => {
    expect(withScheme(' tiktok.com/@a/video/1 ')).toBe('https://tiktok.com/@a/video/1');
    expect(withScheme('//x.vn/a')).toBe('https://x.vn/a');
    expect(withScheme('http://x.vn/a')).toBe('http://x.vn/a');
    expect(withScheme('')).toBe('');
  });
});

describe('the status of a reported URL', () => {
  const received = new Date('2026-11-02T08:00:00Z');
  const at = (h: number) => new Date(received.getTime() + h * 3_600_000);
  const row = (over: Partial<ReportCaseRow>): ReportCaseRow => ({
    position: 0,
    platform: 'facebook',
    canonical_url: 'https://facebook.com/nguyen.van.a/posts/123',
    status: 'received',
    due_at: at(48),
    decided_at: null,
    review_at: null,
    last_outcome: null,
    public_record_id: null,
    platform_onboarded: true,
    ...over,
  });

  it('is received with its deadline, overdue once past it, and never shows the account in the URL', () => {
    const s = reportItemStatus(row({}), received, at(1));
    expect(s).toMatchObject({ stage: 'received', due_at: at(48).toISOString(), overdue: false, outcome: null });
    expect(s.url).not.toContain('nguyen.van.a');
    expect(s.steps).toEqual([
      { stage: 'received', done: true, at: received.toISOString() },
      { stage: 'in_review', done: false, at: null },
      { stage: 'decided', done: false, at: null },
    ]);
    expect(reportItemStatus(row({}), received, at(49)).overdue).toBe(true);
  });

  it('is in review from when the case went into review (or from its arrival, when it already was), appeals included', () => {
    expect(reportItemStatus(row({ status: 'in_review', review_at: at(2) }), received, at(3)).steps[1]).toEqual({ stage: 'in_review', done: true, at: at(2).toISOString() });
    expect(reportItemStatus(row({ status: 'in_review', review_at: at(-5) }), received, at(3)).steps[1]!.at).toBe(received.toISOString());
    expect(reportItemStatus(row({ status: 'appealed', review_at: at(5), decided_at: at(4), last_outcome: 'restriction' }), received, at(6))).toMatchObject({
      stage: 'in_review',
      outcome: null,
    });
  });

  it('is decided with the outcome and its public record, and no deadline any more', () => {
    const s = reportItemStatus(row({ status: 'decided', review_at: at(2), decided_at: at(3), last_outcome: 'no_action', public_record_id: 'r1' }), received, at(100));
    expect(s).toMatchObject({ stage: 'decided', due_at: null, overdue: false, outcome: { outcome: 'no_action', decided_at: at(3).toISOString(), public_record_id: 'r1' } });
    expect(s.steps.map((x) => x.at)).toEqual([received.toISOString(), at(2).toISOString(), at(3).toISOString()]);
    // Decided at once, without a review first: the review step is passed, with no date of its own.
    const direct = reportItemStatus(row({ status: 'closed', decided_at: at(1), last_outcome: 'restriction' }), received, at(2));
    expect(direct.steps[1]).toEqual({ stage: 'in_review', done: true, at: null });
  });
});
