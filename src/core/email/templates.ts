import { categoryEn, categoryVi, KIND, ROLE, VISIBILITY_VI, visibilityEn } from '../glossary.ts';
import { kindInASentence, type OrgKind, type PersonRole } from '../organization.ts';

/**
 * The e-mails minhbach sends, Vietnamese first and English below, as plain text and HTML, with the
 * words of the glossary (../shared/reference/glossary-vi-en.md). Pure: a job's payload in, a message
 * out, so a retried job renders the same message. Everything interpolated into HTML is escaped.
 *
 * What a platform is told about a notice never identifies a member of the public: submitters are
 * named only when they are organizations acting in that capacity (`NAMED_SUBMITTERS`), and no
 * e-mail carries a notice's free text (explanation, copied content) — the platform reads those in
 * the case, behind its key, where access is checked. The e-mail links to the case instead.
 */

export const EMAIL_PURPOSES = ['requests', 'escalation', 'decisions', 'admin', 'digest'] as const;
export type EmailPurpose = (typeof EMAIL_PURPOSES)[number];

/** Submitters whose name a platform may see in an e-mail; a public reporter is only "a member of the public". */
export const NAMED_SUBMITTERS: readonly OrgKind[] = ['authority', 'trusted_flagger', 'rights_holder'];

export interface CaseFacts {
  case_id: string;
  platform: string;
  category: string;
  due_at: string | null;
  authority_request: boolean;
}

export type EmailPayload =
  | ({ template: 'case_created' | 'authority_request'; submitter: { kind: OrgKind; name: string | null } } & CaseFacts)
  | ({ template: 'due_soon' | 'overdue'; audience: 'platform' | 'requester' } & CaseFacts)
  /**
   * To a service's contact address in the registry while no organization answers for it: the
   * receiver has no account, so the content's canonical URL (never a reporter's URL or words) is
   * in the message itself.
   */
  | ({ template: 'registry_request'; submitter: { kind: OrgKind; name: string | null }; canonical_url: string } & CaseFacts)
  | { template: 'decision'; case_id: string; platform: string; outcome: 'restriction' | 'no_action'; visibility: string[]; decided_at: string }
  /**
   * To a member of the public who left an address with a report: the outcome and its public
   * record; nothing of the report (no URL, no words), which the tracking code shows at /report.
   */
  | { template: 'report_answered'; platform: string; outcome: 'restriction' | 'no_action'; visibility: string[]; decided_at: string; public_record_id: string | null }
  /**
   * A counter-notice, to the rights holders of the case: with the uploader's name and address,
   * which is the legal point of a counter-notice (the rights holder may take the uploader to
   * court). The statement itself is read on the case, behind the rights holder's key.
   */
  | { template: 'counter_notice_received'; case_id: string; platform: string; filed_at: string; wait_until: string; uploader: { name: string; email: string } }
  /** To the platform: a counter-notice's waiting period ended with no court filing; it must restore the content. */
  | { template: 'counter_notice_restoration_due'; case_id: string; platform: string; due_at: string | null }
  /**
   * To the uploader who filed a counter-notice, at the address they gave with it: how it ended
   * (a court filing shown, or the waiting period over and the content due back). No account, and
   * only the digest of their statement link is stored, so the e-mail cannot link to it: it says to
   * open the link they received, and links the public record of the outcome. Nothing of the court
   * filing (court, number) and no one's name.
   */
  | { template: 'counter_notice_uploader_court_action'; platform: string; filed_at: string; shown_at: string; public_record_id: string | null }
  | { template: 'counter_notice_uploader_restored'; platform: string; filed_at: string; wait_until: string; due_at: string | null; public_record_id: string | null }
  | { template: 'invitation'; org_name: string; role: PersonRole; accept_url: string; expires_at: string }
  | { template: 'webhook_disabled'; endpoint_id: string; url: string; reason: string }
  | { template: 'digest'; org_name: string; org_kind: OrgKind; day: string; counts: DigestCounts };

export interface DigestCounts {
  /** Cases still owed an answer (the platform's, or those the organization's notices are on). */
  open: number;
  due_soon: number;
  overdue: number;
  /** In the day before the digest. */
  new_cases: number;
  decisions: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderOptions {
  /** MINHBACH_PUBLIC_URL, no trailing slash. */
  publicUrl: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const VN_OFFSET_MS = 7 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** A moment in Vietnam's time (UTC+7 all year), as each language writes it. */
export function formatTime(iso: string): { vi: string; en: string } {
  const d = new Date(Date.parse(iso) + VN_OFFSET_MS);
  if (Number.isNaN(d.getTime())) return { vi: iso, en: iso };
  const [y, mo, da, h, mi] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate()), pad(d.getUTCHours()), pad(d.getUTCMinutes())];
  return { vi: `${h}:${mi} ngày ${da}/${mo}/${y} (giờ Việt Nam)`, en: `${y}-${mo}-${da} ${h}:${mi} (Vietnam time, UTC+7)` };
}

/** Vietnam's calendar day of a moment: the day a digest is for. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Who filed a notice, as a platform may be told. */
export function submitterLabel(s: { kind: OrgKind; name: string | null }): { vi: string; en: string } {
  const [vi, en] = KIND[s.kind];
  if (s.kind === 'public_reporter') return { vi, en: 'a member of the public (reporter)' };
  if (!NAMED_SUBMITTERS.includes(s.kind) || !s.name) return { vi, en: kindInASentence(s.kind) };
  return { vi: `${vi} ${s.name}`, en: `${s.name} (${en})` };
}

/** One side of an e-mail: paragraphs, then labelled facts, then the link. */
interface Side {
  lines: string[];
  facts: [label: string, value: string][];
  link?: [label: string, url: string];
}

function build(subjectVi: string, subjectEn: string, vi: Side, en: Side): RenderedEmail {
  const text = (s: Side) => [...s.lines, '', ...s.facts.map(([k, v]) => `${k}: ${v}`), ...(s.link ? ['', `${s.link[0]}: ${s.link[1]}`] : [])].join('\n');
  const html = (s: Side, lang: string) =>
    `<div lang="${lang}">` +
    s.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('') +
    (s.facts.length ? `<table>${s.facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` : '') +
    (s.link ? `<p><a href="${escapeHtml(s.link[1])}">${escapeHtml(s.link[0])}</a></p>` : '') +
    `</div>`;
  return {
    subject: `[Minh bạch] ${subjectVi} / ${subjectEn}`,
    text: `${text(vi)}\n\n-- English below --\n\n${text(en)}\n\n--\nMinh bạch. E-mail tự động, vui lòng không trả lời. / Automated e-mail, please do not reply.\n`,
    html:
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(subjectVi)}</title></head><body>` +
      `${html(vi, 'vi')}<hr>${html(en, 'en')}<hr><p><small>Minh bạch. E-mail tự động, vui lòng không trả lời. / Automated e-mail, please do not reply.</small></p></body></html>`,
  };
}

function caseUrl(o: RenderOptions, caseId: string): string {
  return `${o.publicUrl}/cases/${encodeURIComponent(caseId)}`;
}

function caseFacts(p: CaseFacts): { vi: Side['facts']; en: Side['facts'] } {
  const due = p.due_at ? formatTime(p.due_at) : null;
  return {
    vi: [['Hồ sơ', p.case_id], ['Nền tảng', p.platform], ['Loại vi phạm', categoryVi(p.category)], ...(due ? [['Thời hạn xử lý', due.vi] as [string, string]] : [])],
    en: [['Case', p.case_id], ['Platform', p.platform], ['Category', categoryEn(p.category)], ...(due ? [['Deadline', due.en] as [string, string]] : [])],
  };
}

export function renderEmail(p: EmailPayload, o: RenderOptions): RenderedEmail {
  switch (p.template) {
    case 'case_created':
    case 'authority_request': {
      const who = submitterLabel(p.submitter);
      const f = caseFacts(p);
      const link = caseUrl(o, p.case_id);
      const isRequest = p.submitter.kind === 'authority';
      const [sVi, sEn] = isRequest
        ? ['Yêu cầu của cơ quan có thẩm quyền mới', 'New authority request']
        : p.template === 'case_created'
          ? ['Hồ sơ mới', 'New case']
          : ['Thông báo mới về hồ sơ', 'New notice on a case'];
      return build(
        sVi,
        sEn,
        {
          lines: [
            p.template === 'case_created'
              ? `Có hồ sơ mới trên nền tảng ${p.platform}, theo thông báo của ${who.vi}.`
              : `Hồ sơ trên nền tảng ${p.platform} có thông báo mới của ${who.vi}.`,
            ...(p.authority_request ? ['Đây là yêu cầu của cơ quan có thẩm quyền: thời hạn xử lý ngắn hơn.'] : []),
            'Nội dung và lý do xem trong hồ sơ.',
          ],
          facts: f.vi,
          link: ['Mở hồ sơ', link],
        },
        {
          lines: [
            p.template === 'case_created' ? `A new case on ${p.platform}, from a notice by ${who.en}.` : `A case on ${p.platform} has a new notice by ${who.en}.`,
            ...(p.authority_request ? ['This is an authority request: its deadline is shorter.'] : []),
            'The content and reasons are in the case.',
          ],
          facts: f.en,
          link: ['Open the case', link],
        },
      );
    }
    case 'registry_request': {
      const who = submitterLabel(p.submitter);
      const f = caseFacts(p);
      return build(
        p.authority_request ? 'Yêu cầu của cơ quan có thẩm quyền' : 'Thông báo về nội dung',
        p.authority_request ? 'Authority request' : 'Notice about content',
        {
          lines: [
            `Minh bạch nhận được thông báo của ${who.vi} về một nội dung trên ${p.platform}. Địa chỉ này là địa chỉ liên hệ của ${p.platform} trên Minh bạch; chưa có tổ chức nào thay mặt ${p.platform} trả lời trên Minh bạch.`,
            ...(p.authority_request ? ['Đây là yêu cầu của cơ quan có thẩm quyền: thời hạn xử lý ngắn hơn.'] : []),
            `Nội dung: ${p.canonical_url}`,
            'Để xem hồ sơ và ra quyết định kèm bản nêu lý do, hãy liên hệ đơn vị vận hành Minh bạch để tham gia.',
          ],
          facts: f.vi,
        },
        {
          lines: [
            `Minh bạch received a notice by ${who.en} about content on ${p.platform}. This address is ${p.platform}'s contact on Minh bạch; no organization answers for ${p.platform} on Minh bạch yet.`,
            ...(p.authority_request ? ['This is an authority request: its deadline is shorter.'] : []),
            `Content: ${p.canonical_url}`,
            'To see the case and decide, with a statement of reasons, ask the operator of Minh bạch to join.',
          ],
          facts: f.en,
        },
      );
    }
    case 'due_soon':
    case 'overdue': {
      const f = caseFacts(p);
      const link = caseUrl(o, p.case_id);
      const soon = p.template === 'due_soon';
      const forPlatform = p.audience === 'platform';
      return build(
        soon ? 'Hồ sơ sắp đến hạn' : 'Hồ sơ quá hạn',
        soon ? 'Case due soon' : 'Case overdue',
        {
          lines: [
            soon ? 'Hồ sơ sắp đến hạn: thời hạn xử lý sắp hết.' : 'Hồ sơ quá hạn: đã hết thời hạn xử lý mà nền tảng chưa có quyết định.',
            forPlatform ? 'Vui lòng ra quyết định, kèm bản nêu lý do.' : 'Bạn nhận thư này vì tổ chức của bạn đã gửi thông báo về hồ sơ.',
          ],
          facts: f.vi,
          link: ['Mở hồ sơ', link],
        },
        {
          lines: [
            soon ? 'This case is due soon: its deadline is near.' : 'This case is overdue: its deadline has passed without a decision by the platform.',
            forPlatform ? 'Please decide, with a statement of reasons.' : 'You receive this because your organization filed a notice on the case.',
          ],
          facts: f.en,
          link: ['Open the case', link],
        },
      );
    }
    case 'decision': {
      const link = caseUrl(o, p.case_id);
      const at = formatTime(p.decided_at);
      const what = { vi: p.visibility.map((v) => VISIBILITY_VI[v] ?? visibilityEn(v)).join(', '), en: p.visibility.map(visibilityEn).join(', ') };
      const noAction = p.outcome === 'no_action';
      return build(
        'Quyết định về hồ sơ',
        'Decision on a case',
        {
          lines: [`Nền tảng ${p.platform} đã ra quyết định về hồ sơ có thông báo của tổ chức bạn.`],
          facts: [
            ['Hồ sơ', p.case_id],
            ['Quyết định', noAction ? 'không xử lý (có nêu lý do)' : what.vi || 'có bản nêu lý do'],
            ['Thời điểm', at.vi],
          ],
          link: ['Xem quyết định và bản nêu lý do', link],
        },
        {
          lines: [`${p.platform} decided on a case your organization filed a notice on.`],
          facts: [
            ['Case', p.case_id],
            ['Decision', noAction ? 'no action (with reasons)' : what.en || 'with a statement of reasons'],
            ['Decided', at.en],
          ],
          link: ['Read the decision and statement of reasons', link],
        },
      );
    }
    case 'report_answered': {
      const at = formatTime(p.decided_at);
      const what = { vi: p.visibility.map((v) => VISIBILITY_VI[v] ?? visibilityEn(v)).join(', '), en: p.visibility.map(visibilityEn).join(', ') };
      const noAction = p.outcome === 'no_action';
      const report = `${o.publicUrl}/report`;
      const record = p.public_record_id ? `${o.publicUrl}/records/${encodeURIComponent(p.public_record_id)}` : report;
      return build(
        'Kết quả xử lý phản ánh',
        'Outcome of your report',
        {
          lines: [
            `Nền tảng ${p.platform} đã ra quyết định về nội dung bạn phản ánh trên Minh bạch.`,
            `Để xem chi tiết, nhập mã tra cứu của bạn tại ${report}.`,
            'Bạn nhận thư này vì đã để lại địa chỉ e-mail khi gửi phản ánh.',
          ],
          facts: [
            ['Quyết định', noAction ? 'không xử lý (có nêu lý do)' : what.vi || 'có bản nêu lý do'],
            ['Thời điểm', at.vi],
          ],
          link: ['Xem bản ghi công khai', record],
        },
        {
          lines: [
            `${p.platform} decided on content you reported on Minh bạch.`,
            `To see the details, enter your tracking code at ${report}.`,
            'You receive this because you left your e-mail address with your report.',
          ],
          facts: [
            ['Decision', noAction ? 'no action (with reasons)' : what.en || 'with a statement of reasons'],
            ['Decided', at.en],
          ],
          link: ['Read the public record', record],
        },
      );
    }
    case 'counter_notice_received': {
      const link = caseUrl(o, p.case_id);
      const [filed, until] = [formatTime(p.filed_at), formatTime(p.wait_until)];
      return build(
        'Thông báo phản đối',
        'Counter-notice',
        {
          lines: [
            `Người đăng nội dung bị hạn chế trên ${p.platform} theo thông báo của tổ chức bạn đã gửi thông báo phản đối: họ cho rằng nội dung bị gỡ do nhầm lẫn hoặc nhận diện sai.`,
            `Nếu tổ chức bạn không xuất trình việc đã khởi kiện tại tòa án trước ${until.vi}, nền tảng phải khôi phục nội dung. Xuất trình việc khởi kiện trong hồ sơ.`,
            'Người đăng đồng ý chuyển thông tin liên hệ dưới đây cho chủ sở hữu quyền. Thông tin này không được công khai; chỉ dùng cho việc giải quyết tranh chấp.',
          ],
          facts: [
            ['Hồ sơ', p.case_id],
            ['Người gửi', p.uploader.name],
            ['E-mail', p.uploader.email],
            ['Thời điểm gửi', filed.vi],
            ['Hạn xuất trình việc khởi kiện', until.vi],
          ],
          link: ['Đọc thông báo phản đối trong hồ sơ', link],
        },
        {
          lines: [
            `The uploader of content restricted on ${p.platform} on your organization's notice filed a counter-notice: they state that it was removed by mistake or misidentification.`,
            `Unless your organization shows a court filing before ${until.en}, the platform must restore the content. Show the filing in the case.`,
            'The uploader consented to their contact below being passed to the rights holder. It is not published; use it only to resolve the dispute.',
          ],
          facts: [
            ['Case', p.case_id],
            ['Filed by', p.uploader.name],
            ['E-mail', p.uploader.email],
            ['Filed', filed.en],
            ['Court filing due by', until.en],
          ],
          link: ['Read the counter-notice in the case', link],
        },
      );
    }
    case 'counter_notice_restoration_due': {
      const link = caseUrl(o, p.case_id);
      const due = p.due_at ? formatTime(p.due_at) : null;
      return build(
        'Cần khôi phục nội dung',
        'Content to restore',
        {
          lines: [
            'Thời hạn chờ sau thông báo phản đối đã hết mà chủ sở hữu quyền không xuất trình việc khởi kiện tại tòa án.',
            'Vui lòng khôi phục nội dung và ra quyết định mới, kèm bản nêu lý do.',
          ],
          facts: [['Hồ sơ', p.case_id], ['Nền tảng', p.platform], ...(due ? [['Thời hạn xử lý', due.vi] as [string, string]] : [])],
          link: ['Mở hồ sơ', link],
        },
        {
          lines: [
            'The waiting period after a counter-notice ended without the rights holder showing a court filing.',
            'Please restore the content and decide anew, with a statement of reasons.',
          ],
          facts: [['Case', p.case_id], ['Platform', p.platform], ...(due ? [['Deadline', due.en] as [string, string]] : [])],
          link: ['Open the case', link],
        },
      );
    }
    case 'counter_notice_uploader_court_action':
    case 'counter_notice_uploader_restored': {
      const record = p.public_record_id ? `${o.publicUrl}/records/${encodeURIComponent(p.public_record_id)}` : null;
      const filed = formatTime(p.filed_at);
      const court = p.template === 'counter_notice_uploader_court_action';
      const due = !court && p.due_at ? formatTime(p.due_at) : null;
      const ended = formatTime(court ? p.shown_at : p.wait_until);
      const link = (label: string): Pick<Side, 'link'> => (record ? { link: [label, record] } : {});
      return build(
        court ? 'Chủ sở hữu quyền đã khởi kiện' : 'Nội dung của bạn cần được khôi phục',
        court ? 'The rights holder went to court' : 'Your content is due back',
        {
          lines: [
            court
              ? `Về thông báo phản đối bạn đã gửi đối với nội dung bị hạn chế trên ${p.platform}: chủ sở hữu quyền đã xuất trình việc khởi kiện tại tòa án trước khi hết thời hạn chờ. Vì vậy nội dung vẫn bị hạn chế trong khi tranh chấp được giải quyết; nền tảng không khôi phục nội dung theo thông báo phản đối này.`
              : `Thời hạn chờ sau thông báo phản đối bạn đã gửi đối với nội dung trên ${p.platform} đã hết mà chủ sở hữu quyền không xuất trình việc khởi kiện tại tòa án. Nền tảng đã được yêu cầu khôi phục nội dung và ra quyết định mới, kèm bản nêu lý do được công khai${due ? `, trước ${due.vi}` : ''}.`,
            'Để xem tình trạng thông báo phản đối của bạn, hãy mở đường link bạn đã nhận cùng bản nêu lý do.',
            'Bạn nhận thư này vì đã để lại địa chỉ e-mail khi gửi thông báo phản đối.',
          ],
          facts: [
            ['Nền tảng', p.platform],
            ['Gửi thông báo phản đối lúc', filed.vi],
            [court ? 'Xuất trình việc khởi kiện lúc' : 'Hết thời hạn chờ lúc', ended.vi],
            ...(due ? [['Thời hạn xử lý', due.vi] as [string, string]] : []),
          ],
          ...link('Xem bản ghi công khai'),
        },
        {
          lines: [
            court
              ? `About the counter-notice you filed on content restricted on ${p.platform}: the rights holder showed a court filing before the waiting period ended. The content therefore stays restricted while the dispute is resolved; the platform will not restore it on this counter-notice.`
              : `The waiting period after the counter-notice you filed on content on ${p.platform} ended without the rights holder showing a court filing. The platform has been told to restore the content and decide anew, with a published statement of reasons${due ? `, by ${due.en}` : ''}.`,
            'To see where your counter-notice stands, open the link you received with the statement of reasons.',
            'You receive this because you left your e-mail address with your counter-notice.',
          ],
          facts: [
            ['Platform', p.platform],
            ['Counter-notice filed', filed.en],
            [court ? 'Court filing shown' : 'Waiting period ended', ended.en],
            ...(due ? [['Deadline', due.en] as [string, string]] : []),
          ],
          ...link('Read the public record'),
        },
      );
    }
    case 'invitation': {
      const [roleVi, roleEn] = ROLE[p.role];
      const until = formatTime(p.expires_at);
      return build(
        'Lời mời tham gia',
        'Invitation',
        {
          lines: [
            `Bạn được mời tham gia Minh bạch với vai trò ${roleVi} của ${p.org_name}.`,
            `Lời mời có hiệu lực đến ${until.vi}. Nếu bạn không chờ lời mời này, hãy bỏ qua thư.`,
          ],
          facts: [],
          link: ['Nhận lời mời', p.accept_url],
        },
        {
          lines: [`You are invited to join Minh bạch as ${roleEn} of ${p.org_name}.`, `The invitation is valid until ${until.en}. If you did not expect it, ignore this e-mail.`],
          facts: [],
          link: ['Accept the invitation', p.accept_url],
        },
      );
    }
    case 'webhook_disabled':
      return build(
        'Webhook đã bị tắt',
        'Webhook disabled',
        {
          lines: ['Một webhook của tổ chức bạn đã bị tắt vì không nhận được sự kiện. Sửa lỗi rồi bật lại để tiếp tục nhận.'],
          facts: [
            ['Địa chỉ', p.url],
            ['Lý do', p.reason],
          ],
          link: ['Quản lý webhook', `${o.publicUrl}/settings/webhooks`],
        },
        {
          lines: ['A webhook endpoint of your organization was disabled because deliveries kept failing. Fix it and enable it again to receive events.'],
          facts: [
            ['URL', p.url],
            ['Reason', p.reason],
          ],
          link: ['Manage webhooks', `${o.publicUrl}/settings/webhooks`],
        },
      );
    case 'digest': {
      const c = p.counts;
      const forPlatform = p.org_kind === 'platform';
      return build(
        `Tóm tắt ngày ${p.day}`,
        `Daily digest ${p.day}`,
        {
          lines: [forPlatform ? `Hồ sơ của ${p.org_name} trên Minh bạch.` : `Hồ sơ có thông báo của ${p.org_name} trên Minh bạch.`],
          facts: [
            ['Hồ sơ chờ quyết định', String(c.open)],
            ['Sắp đến hạn', String(c.due_soon)],
            ['Quá hạn', String(c.overdue)],
            ['Hồ sơ mới trong 24 giờ qua', String(c.new_cases)],
            ['Quyết định trong 24 giờ qua', String(c.decisions)],
          ],
          link: ['Mở danh sách hồ sơ', `${o.publicUrl}/cases`],
        },
        {
          lines: [forPlatform ? `Cases of ${p.org_name} on Minh bạch.` : `Cases with notices by ${p.org_name} on Minh bạch.`],
          facts: [
            ['Cases awaiting a decision', String(c.open)],
            ['Due soon', String(c.due_soon)],
            ['Overdue', String(c.overdue)],
            ['New cases, last 24 hours', String(c.new_cases)],
            ['Decisions, last 24 hours', String(c.decisions)],
          ],
          link: ['Open the list of cases', `${o.publicUrl}/cases`],
        },
      );
    }
  }
}
