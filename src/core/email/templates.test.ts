import { describe, expect, it } from 'vitest';
import { escapeHtml, formatTime, renderEmail, submitterLabel, vietnamDay, type EmailPayload } from './templates.ts';

const o = { publicUrl: 'https://minhbach.example.vn' };
const facts = {
  case_id: '0192f0c0-0000-7000-8000-000000000001',
  platform: 'facebook',
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  due_at: '2026-11-23T17:30:00.000Z',
  authority_request: true,
};

describe('e-mail templates', () => {
  it('write Vietnamese first, then English, in the subject and both bodies', () => {
    const m = renderEmail({ template: 'case_created', submitter: { kind: 'authority', name: 'Cục An toàn thông tin' }, ...facts }, o);
    expect(m.subject).toBe('[Minh bạch] Yêu cầu của cơ quan có thẩm quyền mới / New authority request');
    for (const body of [m.text, m.html]) {
      expect(body.indexOf('Thời hạn xử lý')).toBeGreaterThan(-1);
      expect(body.indexOf('Thời hạn xử lý')).toBeLessThan(body.indexOf('Deadline'));
      expect(body).toContain('lừa đảo, gian lận');
      expect(body).toContain('00:30 ngày 24/11/2026 (giờ Việt Nam)');
      expect(body).toContain(`https://minhbach.example.vn/cases/${facts.case_id}`);
    }
    expect(m.text).toContain('cơ quan có thẩm quyền Cục An toàn thông tin');
  });

  it('never name a member of the public, whatever name their organization has', () => {
    const m = renderEmail({ template: 'case_created', submitter: { kind: 'public_reporter', name: 'Nguyễn Văn A' }, ...facts, authority_request: false }, o);
    expect(m.text + m.html).not.toContain('Nguyễn Văn A');
    expect(m.text).toContain('người phản ánh');
    expect(submitterLabel({ kind: 'trusted_flagger', name: null })).toEqual({ vi: 'tổ chức báo cáo tin cậy', en: 'a trusted flagger' });
  });

  it('escape everything put into HTML', () => {
    const evil = '<script>alert("x")</script> & Co\'s';
    const m = renderEmail({ template: 'invitation', org_name: evil, role: 'reviewer', accept_url: 'https://x.vn/accept?a=1&b="2"', expires_at: '2026-11-30T00:00:00Z' }, o);
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co&#39;s');
    expect(m.html).toContain('href="https://x.vn/accept?a=1&#38;b=&#34;2&#34;"');
    expect(m.text).toContain(evil);
    expect(m.text).toContain('người xử lý');
  });

  it('render every template', () => {
    const all: EmailPayload[] = [
      { template: 'authority_request', submitter: { kind: 'authority', name: 'Sở TT&TT' }, ...facts },
      { template: 'due_soon', audience: 'platform', ...facts },
      { template: 'overdue', audience: 'requester', ...facts },
      { template: 'decision', case_id: facts.case_id, platform: 'youtube', outcome: 'restriction', visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], decided_at: facts.due_at },
      { template: 'decision', case_id: facts.case_id, platform: 'youtube', outcome: 'no_action', visibility: [], decided_at: facts.due_at },
      { template: 'webhook_disabled', endpoint_id: 'e', url: 'https://hooks.example.vn/in', reason: '10 failures in a row' },
      { template: 'digest', org_name: 'Facebook', org_kind: 'platform', day: '2026-11-24', counts: { open: 3, due_soon: 1, overdue: 1, new_cases: 2, decisions: 4 } },
    ];
    const subjects = all.map((p) => renderEmail(p, o).subject);
    expect(subjects).toEqual([
      '[Minh bạch] Yêu cầu của cơ quan có thẩm quyền mới / New authority request',
      '[Minh bạch] Hồ sơ sắp đến hạn / Case due soon',
      '[Minh bạch] Hồ sơ quá hạn / Case overdue',
      '[Minh bạch] Quyết định về hồ sơ / Decision on a case',
      '[Minh bạch] Quyết định về hồ sơ / Decision on a case',
      '[Minh bạch] Webhook đã bị tắt / Webhook disabled',
      '[Minh bạch] Tóm tắt ngày 2026-11-24 / Daily digest 2026-11-24',
    ]);
    expect(renderEmail(all[3]!, o).text).toContain('gỡ bỏ nội dung');
    expect(renderEmail(all[4]!, o).text).toContain('không xử lý (có nêu lý do)');
    expect(renderEmail(all[6]!, o).html).toContain('Sắp đến hạn');
  });

  it('keep times and days in Vietnam time', () => {
    expect(formatTime('2026-11-23T17:30:00Z').en).toBe('2026-11-24 00:30 (Vietnam time, UTC+7)');
    expect(vietnamDay(new Date('2026-11-23T16:59:59Z'))).toBe('2026-11-23');
    expect(vietnamDay(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
    expect(escapeHtml('"&')).toBe('&#34;&#38;');
  });
});
