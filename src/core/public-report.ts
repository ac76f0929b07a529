import { createHash } from 'node:crypto';
import { normalizeEmailAddress } from './email-address.ts';
import type { FieldError } from './errors.ts';
import type { NoticeInput } from './notice.ts';
import { reportChoice, type ReportChoiceId } from './report-choices.ts';
import { normalizeTrackingCode } from './tracking-code.ts';

/**
 * A report by a member of the public (phản ánh): no account, so the deployment files it as a
 * notice of its own built-in public reporter, "Phản ánh của người dân", written by migration
 * 0021. It joins the case of its content like any notice, gets the public reporters' deadline, and
 * reaches the platform's queue; like every public reporter it is never published (public-record.ts)
 * and never named (statement-source.ts). What the reporter adds beyond the notice (a contact
 * address, evidence) is stored apart and shown to nobody through the API.
 */
export const PUBLIC_REPORTS_ORG_ID = '01900000-0000-7000-8000-00000000f001';
export const PUBLIC_REPORTS_ORG_NAME = 'Phản ánh của người dân';

export interface PublicReportInput {
  urls: string[];
  choice: ReportChoiceId;
  description: string;
  contact_email?: string;
  evidence?: string;
}

export interface PublicReportDraft {
  notice: NoticeInput;
  choice: ReportChoiceId;
  contact_email: string | null;
  evidence: string | null;
}

const collapse = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');

/**
 * What people paste: `facebook.com/…` as often as a full address. Without a scheme, https:// is
 * assumed; anything else is the URL rules' to judge (url-canonical.ts), naming the field.
 */
export function withScheme(url: string): string {
  const u = url.trim();
  if (u === '' || /^[a-z][a-z\d+.-]*:\/\//i.test(u)) return u;
  return u.startsWith('//') ? `https:${u}` : `https://${u}`;
}

/**
 * The report's own rules (the shape was checked by the edge's schema); the notice it becomes is
 * then drafted by notice.ts like any other, whose errors `reportFieldErrors` names as the form does.
 * Messages are Vietnamese first, then English, as the web form shows them.
 */
export function draftPublicReport(input: PublicReportInput): { ok: true; draft: PublicReportDraft } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const urls = input.urls.map(withScheme);
  urls.forEach((u, i) => {
    if (u === '') errors.push({ field: `urls[${i}]`, message: 'Nhập đường link của nội dung (enter the address of the content)' });
  });
  const description = input.description.normalize('NFC').trim();
  if (collapse(description) === '') {
    errors.push({ field: 'description', message: 'Hãy mô tả nội dung sai ở đâu (say what is wrong with the content)' });
  }
  let contact: string | null = null;
  if (input.contact_email !== undefined && input.contact_email.trim() !== '') {
    contact = normalizeEmailAddress(input.contact_email);
    if (contact === null) errors.push({ field: 'contact_email', message: 'Địa chỉ e-mail chưa đúng, ví dụ ten@example.vn (is not an e-mail address)' });
  }
  const evidence = input.evidence?.normalize('NFC').trim() || null;
  if (errors.length > 0) return { ok: false, errors };
  const choice = reportChoice(input.choice);
  return {
    ok: true,
    draft: {
      choice: input.choice,
      contact_email: contact,
      evidence,
      notice: {
        category: choice.category,
        ...(choice.keyword ? { category_specification: [choice.keyword] } : {}),
        items: urls.map((url) => ({ url })),
        explanation: description,
      },
    },
  };
}

/** notice.ts names a notice's fields (`items[0].url`, `explanation`); the form has `urls[0]` and `description`. */
export function reportFieldErrors(noticeErrors: readonly FieldError[]): FieldError[] {
  return noticeErrors.map((e) => {
    const item = /^items\[(\d+)\]\.url$/.exec(e.field);
    if (item) {
      const same = /^is the same content as items\[(\d+)\]\.url$/.exec(e.message);
      return same
        ? { field: `urls[${item[1]}]`, message: `Trùng với đường link thứ ${Number(same[1]) + 1} (is the same content as urls[${same[1]}])` }
        : { field: `urls[${item[1]}]`, message: `Đường link chưa đúng (${e.message.replace(/^Invalid URL: /, '')})` };
    }
    if (e.field === 'explanation') return { field: 'description', message: 'Hãy mô tả nội dung sai ở đâu (say what is wrong with the content)' };
    return e;
  });
}

/** What is stored of a tracking code: its SHA-256 (80 random bits need no slow hash), or null when it is no code. */
export function trackingCodeHash(code: string): Buffer | null {
  const normal = normalizeTrackingCode(code);
  return normal === null ? null : createHash('sha256').update(normal.replace(/-/g, '')).digest();
}
