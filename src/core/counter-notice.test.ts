import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import {
  assertCounterNoticeAllowed,
  assertWithinWaitingPeriod,
  checkCounterNotice,
  checkCourtFiling,
  counterNoticeRefusal,
  counterNoticeWaitUntil,
  MAX_COUNTER_NOTICE_STATEMENT,
  type CounterNoticeSubject,
} from './counter-notice.ts';
import { publicRecordForCounterNotice, publicRecordForCounterNoticeOutcome } from './counter-notice-record.ts';
import { renderEmail } from './email/templates.ts';

const subject: CounterNoticeSubject = {
  outcome: 'restriction',
  decision_id: 'd1',
  latest_decision_id: 'd1',
  case_status: 'decided',
  rights_holders: 1,
  existing: false,
};

function thrown(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('when a counter-notice may be filed', () => {
  it('is allowed on the latest decision restricting content on a rights holder’s notice, closed or appealed cases included', () => {
    expect(counterNoticeRefusal(subject)).toBeNull();
    expect(counterNoticeRefusal({ ...subject, case_status: 'closed' })).toBeNull();
    expect(counterNoticeRefusal({ ...subject, case_status: 'appealed' })).toBeNull();
  });

  it('is refused with a reason for a decision that restricted nothing, a case without a rights holder, a later decision, a merge and a second filing', () => {
    expect(counterNoticeRefusal({ ...subject, outcome: 'no_action' })).toBe('no_restriction');
    expect(counterNoticeRefusal({ ...subject, rights_holders: 0 })).toBe('no_rights_holder');
    expect(counterNoticeRefusal({ ...subject, latest_decision_id: 'd2' })).toBe('not_latest_decision');
    expect(counterNoticeRefusal({ ...subject, case_status: 'merged' })).toBe('case_merged');
    expect(counterNoticeRefusal({ ...subject, existing: true })).toBe('already_filed');
    const e = thrown(() => assertCounterNoticeAllowed({ ...subject, rights_holders: 0 }));
    expect(e.code).toBe('conflict');
    expect(e.extra).toEqual({ reason: 'no_rights_holder' });
    expect(e.message).toMatch(/rights holder’s notice.*appeal/);
  });
});

describe('a counter-notice as sent', () => {
  const valid = { statement: '  Tôi là tác giả của video này.  ', contact_name: ' Nguyễn Văn A ', contact_email: 'a@Example.VN', consent_to_forward_contact: true };

  it('is trimmed, and its address normalized', () => {
    expect(checkCounterNotice(valid)).toEqual({ statement: 'Tôi là tác giả của video này.', contact_name: 'Nguyễn Văn A', contact_email: 'a@example.vn' });
  });

  it('names every bad field at once: blank statement, no name, no address, no consent', () => {
    const e = thrown(() => checkCounterNotice({ statement: ' ', contact_name: '', contact_email: 'not an address', consent_to_forward_contact: false }));
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.field)).toEqual(['statement', 'contact_name', 'contact_email', 'consent_to_forward_contact']);
  });

  it('refuses a statement over the limit, counted in characters', () => {
    expect(() => checkCounterNotice({ ...valid, statement: 'ấ'.repeat(MAX_COUNTER_NOTICE_STATEMENT) })).not.toThrow();
    expect(thrown(() => checkCounterNotice({ ...valid, statement: 'ấ'.repeat(MAX_COUNTER_NOTICE_STATEMENT + 1) })).fields[0]!.field).toBe('statement');
  });
});

describe('the waiting period and court filings', () => {
  const filed = new Date('2026-12-01T00:00:00Z');
  const until = counterNoticeWaitUntil(filed, 10);

  it('ends the configured number of days after filing', () => {
    expect(until.toISOString()).toBe('2026-12-11T00:00:00.000Z');
  });

  it('takes a court filing until the period ends, not at or after its end, and only once', () => {
    expect(() => assertWithinWaitingPeriod('forwarded', until, new Date(until.getTime() - 1))).not.toThrow();
    expect(thrown(() => assertWithinWaitingPeriod('forwarded', until, until)).code).toBe('conflict');
    expect(thrown(() => assertWithinWaitingPeriod('content_restored', until, filed)).code).toBe('conflict');
    expect(thrown(() => assertWithinWaitingPeriod('court_action', until, filed)).message).toMatch(/already shown/);
  });

  it('checks the filing: a number, a court, a date not in the future', () => {
    const shown = new Date('2026-12-05T00:00:00Z');
    expect(checkCourtFiling({ reference: ' 123/2026/KDTM-ST ', court: 'TAND TP. Hà Nội', filed_at: '2026-12-04' }, shown)).toEqual({
      reference: '123/2026/KDTM-ST',
      court: 'TAND TP. Hà Nội',
      filed_at: new Date('2026-12-04T00:00:00Z'),
    });
    const e = thrown(() => checkCourtFiling({ reference: '', court: ' ', filed_at: '2026-12-06' }, shown));
    expect(e.fields.map((f) => f.field)).toEqual(['reference', 'court', 'filed_at']);
    expect(thrown(() => checkCourtFiling({ reference: 'x', court: 'y', filed_at: 'tomorrow' }, shown)).fields[0]!.field).toBe('filed_at');
  });
});

describe('what is published', () => {
  it('says that a counter-notice was filed, on which decision, and until when; ids, dates and enums only', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    const r = publicRecordForCounterNotice({
      counterNoticeId: 'k',
      caseId: 'c',
      decisionId: 'd',
      decisionRecordId: 'r',
      platform: 'youtube',
      category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
      filedAt: at,
      waitUntil: counterNoticeWaitUntil(at, 10),
      waitDays: 10,
    });
    expect(r).toMatchObject({ type: 'counter_notice', source_id: 'k', platform: 'youtube', requester_kind: null });
    expect(r.body).toEqual({
      counter_notice_id: 'k',
      case_id: 'c',
      decision_id: 'd',
      decision_record_id: 'r',
      filed_at: '2026-12-01T00:00:00.000Z',
      waiting_period_days: 10,
      wait_until: '2026-12-11T00:00:00.000Z',
      forwarded_to: 'rights_holder',
    });
  });

  it('says how it ended: restored, or a court filing shown (as a fact and a date)', () => {
    const base = {
      counterNoticeId: 'k',
      counterNoticeRecordId: 'r1',
      caseId: 'c',
      decisionId: 'd',
      platform: 'youtube',
      category: 'X',
      at: new Date('2026-12-11T00:00:00Z'),
      waitUntil: new Date('2026-12-11T00:00:00Z'),
    };
    expect(publicRecordForCounterNoticeOutcome({ ...base, outcome: 'restored' }).body).toMatchObject({ outcome: 'restored', restoration_due_at: '2026-12-11T00:00:00.000Z' });
    const court = publicRecordForCounterNoticeOutcome({ ...base, outcome: 'court_action' });
    expect(court).toMatchObject({ type: 'counter_notice_outcome', source_id: 'k' });
    expect(Object.keys(court.body).sort()).toEqual(['case_id', 'counter_notice_id', 'counter_notice_record_id', 'court_filing_shown_at', 'decision_id', 'outcome', 'wait_until']);
  });
});

describe('the e-mail to the rights holder', () => {
  it('carries the uploader’s contact, Vietnamese first, escaped in HTML, and links to the case', () => {
    const m = renderEmail(
      {
        template: 'counter_notice_received',
        case_id: 'c1',
        platform: 'youtube',
        filed_at: '2026-12-01T00:00:00Z',
        wait_until: '2026-12-11T00:00:00Z',
        uploader: { name: 'Lê <Văn> "B"', email: 'b@example.vn' },
      },
      { publicUrl: 'https://minhbach.test' },
    );
    expect(m.subject).toBe('[Minh bạch] Thông báo phản đối / Counter-notice');
    expect(m.text).toContain('Lê <Văn> "B"');
    expect(m.text).toContain('b@example.vn');
    expect(m.text.indexOf('Hạn xuất trình việc khởi kiện')).toBeLessThan(m.text.indexOf('Court filing due by'));
    expect(m.text).toContain('https://minhbach.test/cases/c1');
    expect(m.html).toContain('Lê &#60;Văn&#62; &#34;B&#34;');
    expect(m.html).not.toContain('<Văn>');
  });
});

describe('the e-mails to the uploader', () => {
  const o = { publicUrl: 'https://minhbach.test' };
  it('say the content is due back, by when, in Vietnam time, Vietnamese first, and send them to the link they have', () => {
    const m = renderEmail(
      {
        template: 'counter_notice_uploader_restored',
        platform: 'youtube',
        filed_at: '2026-12-01T00:00:00Z',
        wait_until: '2026-12-11T00:00:00Z',
        due_at: '2026-12-12T00:00:00Z',
        public_record_id: 'r1',
      },
      o,
    );
    expect(m.subject).toBe('[Minh bạch] Nội dung của bạn cần được khôi phục / Your content is due back');
    expect(m.text).toContain('trước 07:00 ngày 12/12/2026 (giờ Việt Nam)');
    expect(m.text).toContain('by 2026-12-12 07:00 (Vietnam time, UTC+7)');
    expect(m.text.indexOf('hãy mở đường link bạn đã nhận')).toBeLessThan(m.text.indexOf('open the link you received'));
    expect(m.text).toContain('https://minhbach.test/records/r1');
  });

  it('say a court filing keeps the restriction; with no record yet, no link and no deadline', () => {
    const m = renderEmail(
      { template: 'counter_notice_uploader_court_action', platform: 'youtube', filed_at: '2026-12-01T00:00:00Z', shown_at: '2026-12-04T00:00:00Z', public_record_id: null },
      o,
    );
    expect(m.subject).toBe('[Minh bạch] Chủ sở hữu quyền đã khởi kiện / The rights holder went to court');
    expect(m.text).toContain('Court filing shown: 2026-12-04 07:00 (Vietnam time, UTC+7)');
    expect(m.text).not.toContain('https://');
    expect(m.text).not.toContain('Deadline');
  });
});
