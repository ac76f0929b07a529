/**
 * Removes personal data from text bound for public output such as the transparency database:
 * e-mail addresses, phone numbers, ID numbers (CCCD, CMND, passport, tax and social-insurance
 * numbers), bank accounts and card numbers, and the account names in quoted URLs.
 *
 * The text is normalized first (public-text-normalize.ts: NFKC, no invisible characters, single
 * spaces), so fullwidth digits, zero-width spaces and tabs cannot hide a number; the published text
 * is that normalized text. Then quoted URLs are truncated (public-url.ts), e-mail addresses found
 * (redact-email.ts), and numbers (redact-number.ts), which keeps the numbers of legal texts
 * ("147/2024/NĐ-CP", "Điều 24", dates, fines of "1.500.000đ", case ids) as they are.
 *
 * Every step is linear in the text's length: regexes have no ambiguous nested quantifiers, and code
 * does a bounded amount of work per candidate (bench/redaction measures it).
 */
import { normalizePublicText } from './public-text-normalize.ts';
import { truncateUrlForPublic, truncateUrlsInText } from './public-url.ts';
import { findEmails } from './redact-email.ts';
import { findPersonalNumbers, MIN_DIGITS, type NumberKind } from './redact-number.ts';

export const EMAIL_PLACEHOLDER = '[email]';
export const PHONE_PLACEHOLDER = '[phone]';
export const ID_NUMBER_PLACEHOLDER = '[id-number]';
export const BANK_ACCOUNT_PLACEHOLDER = '[bank-account]';
export const CARD_NUMBER_PLACEHOLDER = '[card-number]';

const NUMBER_PLACEHOLDER: Record<NumberKind, string> = {
  phone: PHONE_PLACEHOLDER,
  id: ID_NUMBER_PLACEHOLDER,
  account: BANK_ACCOUNT_PLACEHOLDER,
  card: CARD_NUMBER_PLACEHOLDER,
};

/** Anything that may introduce an e-mail address: "@", a spelled-out or bracketed "at", "(a)". */
const MAY_HOLD_EMAIL = /@|\bat\b|c[oò]ng|[([{<]\s?a\s?[)\]}>]/i;

/** Organization names are free text their organization typed; longer than this is not a name. */
export const MAX_PUBLIC_NAME = 200;

/** Passes over a text at most; two settle every case seen (see redactPersonalData). */
const MAX_PASSES = 4;

export function redactPersonalData(text: string): string {
  // Repeated until nothing changes: a placeholder splits what it replaced from its neighbours, so
  // what was one run with a phone number in it ("…/001 099 012 345(0912 345 678") can show a
  // number of its own afterwards, which must not be published either.
  let out = normalizePublicText(text);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = redactOnce(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

function redactOnce(text: string): string {
  let out = truncateUrlsInText(text);
  if (MAY_HOLD_EMAIL.test(out)) out = replaceSpans(out, findEmails(out), () => EMAIL_PLACEHOLDER);
  if (countDigits(out, MIN_DIGITS) >= MIN_DIGITS) out = replaceSpans(out, findPersonalNumbers(out), (s) => NUMBER_PLACEHOLDER[s.kind]);
  return out;
}

/** Whether redaction would hide something (beyond normalizing the text's spacing and forms). */
export function containsPersonalData(text: string): boolean {
  return redactPersonalData(text) !== normalizePublicText(text);
}

/**
 * An organization's name as published (requester, platform, source_identity). The name of a
 * ministry is public, but it is text the organization typed: it may carry a contact person's phone
 * or e-mail, so it is redacted like any other text, and capped.
 */
export function redactPublicName(name: string, max = MAX_PUBLIC_NAME): string {
  const redacted = redactPersonalData(name).trim();
  return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted;
}

/** A field that should hold a URL: shown truncated like a reported URL, or redacted if it is not one. */
export function redactPublicUrl(value: string): string {
  const trimmed = value.trim();
  if (/^(?:https?:\/\/|www\.)/i.test(trimmed)) return truncateUrlForPublic(trimmed.startsWith('www.') ? `https://${trimmed}` : trimmed);
  return redactPersonalData(trimmed);
}

function countDigits(text: string, enough: number): number {
  let digits = 0;
  for (let i = 0; i < text.length && digits < enough; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits;
}

function replaceSpans<T extends { start: number; end: number }>(text: string, spans: readonly T[], placeholder: (span: T) => string): string {
  if (spans.length === 0) return text;
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    out += text.slice(cursor, span.start) + placeholder(span);
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
