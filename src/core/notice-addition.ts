import { AppError, type FieldError } from './errors.ts';

/** What a submitter may add to its notice at once: a few pages of text, and some links. */
export const MAX_ADDITION_TEXT = 5000;
export const MAX_EVIDENCE_URLS = 10;
export const MAX_EVIDENCE_URL_LENGTH = 2048;

/**
 * Information a submitter adds to its own notice after filing it (issue 13): a text, and URLs as
 * evidence (an archived copy, a screenshot, a court document). Shown to the platform on the case,
 * never published. The URLs are kept as sent: they are not content to key a case by, and the
 * content rules would strip what makes them work (a document's `?id=`). So they are only checked
 * to be links a reviewer can open: absolute http(s), a host, no spaces, and no user name or
 * password (a submitter's credentials must not travel to the platform inside a link).
 *
 * Returns the text trimmed and the URLs as sent, or a `validation_failed` naming each bad field.
 */
export function checkAddition(input: { text: string; urls?: readonly string[] }): { text: string; urls: string[] } {
  const errors: FieldError[] = [];
  const text = input.text.trim();
  if (text === '') errors.push({ field: 'text', message: 'must say what you add: it is blank' });
  else if (text.length > MAX_ADDITION_TEXT) errors.push({ field: 'text', message: `must be at most ${MAX_ADDITION_TEXT} characters` });
  const urls = input.urls ?? [];
  if (urls.length > MAX_EVIDENCE_URLS) errors.push({ field: 'urls', message: `must hold at most ${MAX_EVIDENCE_URLS} URLs` });
  urls.forEach((u, i) => {
    const problem = evidenceUrlProblem(u);
    if (problem) errors.push({ field: `urls[${i}]`, message: problem });
  });
  if (new Set(urls).size !== urls.length) errors.push({ field: 'urls', message: 'must not repeat a URL' });
  if (errors.length) throw AppError.validation(errors);
  return { text, urls: [...urls] };
}

/** Why a URL cannot be evidence, or null when it can. */
export function evidenceUrlProblem(u: string): string | null {
  if (u.length > MAX_EVIDENCE_URL_LENGTH) return `must be at most ${MAX_EVIDENCE_URL_LENGTH} characters`;
  if (/[\s\u0000-\u001f\u007f]/u.test(u)) return 'must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return 'must be an absolute URL such as https://example.vn/evidence.pdf';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (url.hostname === '') return 'must name a host';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  return null;
}

/** A withdrawn notice takes no more information: its submitter no longer asks anything. */
export function checkOpenForAdditions(withdrawal: { created_at: Date } | null): void {
  if (withdrawal) {
    throw new AppError('conflict', `This notice was withdrawn on ${withdrawal.created_at.toISOString()}; information cannot be added to a withdrawn notice`, {
      extra: { reason: 'withdrawn', withdrawn_at: withdrawal.created_at.toISOString() },
    });
  }
}
