import type { AffectedUserLanguage } from '../statement-link.ts';
import { escapeHtml, formatTime, type RenderedEmail } from './templates.ts';

/** The affected user's e-mail: where to read the statement of reasons. No submitted text, no one named but the platform. */
export interface StatementEmail {
  platform_name: string;
  decided_at: string;
  url: string;
  /** Which language comes first. */
  language: AffectedUserLanguage;
}

interface Side {
  lang: AffectedUserLanguage;
  subject: string;
  lines: string[];
  link: string;
  footer: string;
}

/**
 * Both languages, the chosen one first, as plain text and escaped HTML (templates.ts's manner). The
 * link is the one way in to the page: the e-mail says so, and that it can be revoked.
 */
export function renderStatementEmail(p: StatementEmail): RenderedEmail {
  const at = formatTime(p.decided_at);
  const vi: Side = {
    lang: 'vi',
    subject: 'Quyết định về nội dung của bạn',
    lines: [
      `Nền tảng ${p.platform_name} đã ra quyết định về nội dung của bạn (${at.vi}).`,
      'Bản nêu lý do cho biết nền tảng đã làm gì, với nội dung nào, vì sao, ai yêu cầu, có dùng tự động không, và bạn có thể khiếu nại thế nào, đến khi nào.',
      'Đường link dưới đây chỉ dành cho bạn; đừng chia sẻ. Nền tảng có thể thu hồi đường link.',
    ],
    link: 'Xem bản nêu lý do',
    footer: 'Minh bạch. E-mail tự động, vui lòng không trả lời.',
  };
  const en: Side = {
    lang: 'en',
    subject: 'A decision about your content',
    lines: [
      `${p.platform_name} decided about your content (${at.en}).`,
      'The statement of reasons says what was done, to which content, why, who asked for it, whether it was automated, and how and until when you can appeal.',
      'The link below is for you alone; do not share it. The platform may revoke it.',
    ],
    link: 'Read the statement of reasons',
    footer: 'Minh bạch. Automated e-mail, please do not reply.',
  };
  const [first, second] = p.language === 'en' ? [en, vi] : [vi, en];
  const text = (s: Side) => [...s.lines, '', `${s.link}: ${p.url}`].join('\n');
  const html = (s: Side) => `<div lang="${s.lang}">${s.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(p.url)}">${escapeHtml(s.link)}</a></p></div>`;
  return {
    subject: `[Minh bạch] ${first.subject} / ${second.subject}`,
    text: `${text(first)}\n\n-- ${second.lang === 'en' ? 'English below' : 'Tiếng Việt bên dưới'} --\n\n${text(second)}\n\n--\n${first.footer} / ${second.footer}\n`,
    html:
      `<!doctype html><html lang="${first.lang}"><head><meta charset="utf-8"><title>${escapeHtml(first.subject)}</title></head><body>` +
      `${html(first)}<hr>${html(second)}<hr><p><small>${escapeHtml(first.footer)} / ${escapeHtml(second.footer)}</small></p></body></html>`,
  };
}
