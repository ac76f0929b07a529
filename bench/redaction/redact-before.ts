/**
 * The redaction as it was before issue 11 (commit 32465d3, src/core/redact.ts), kept verbatim below
 * this comment as the baseline of bench/redaction/run.ts: the same test set and texts are run
 * through both, so recall, false positives and throughput are compared in one run.
 */
/**
 * Removes personal data (e-mail addresses, phone numbers, Vietnamese ID numbers) from text bound
 * for public output such as the transparency database.
 *
 * Legal texts are full of numbers that must survive (decree "147/2024/NĐ-CP", dates, fines of
 * "1.000.000 đồng"), so numbers are not matched by one big regex. A linear regex finds runs of
 * digit groups joined by phone-style separators, and code then decides, group by group, whether a
 * span of the run has the shape of a phone or ID number. Every regex here is free of nested
 * ambiguous quantifiers, so work stays linear in the input length.
 */

export const EMAIL_PLACEHOLDER = '[email]';
export const PHONE_PLACEHOLDER = '[phone]';
export const ID_NUMBER_PLACEHOLDER = '[id-number]';

/**
 * Letters include Vietnamese ones (and combining marks, for decomposed text) so that "nguyễn@…"
 * is redacted whole rather than leaving "nguyễ". Every part is bounded by the RFC 5321 limits
 * (64-character local part, 63-character labels), which caps the work per start position and
 * keeps the scan linear without a lookbehind; a lookbehind would hide an address that directly
 * follows another one ("a@b.vn-c@d.vn") until a second pass.
 */
const EMAIL = /[\p{L}\p{M}\p{N}._%+-]{1,64}@[\p{L}\p{M}\p{N}-]{1,63}(?:\.[\p{L}\p{M}\p{N}-]{1,63}){0,8}\.[\p{L}\p{M}]{2,63}/gu;

/**
 * A run of digit groups separated by anything phone-like: spaces, dots, dashes, parentheses. It
 * may begin with `+`, `(` or `(+`. Digits glued to letters (hashes, "QH14") never start a run.
 */
const NUMBER_RUN = /(?<![\p{L}\p{M}\p{N}_])(?:\(\+?|\+)?\d+(?:[(). \u00a0-]+\d+)*/gu;
/** A separator that may sit inside one phone number: `-`, ` `, `.`, `) `, ` (`, `)`… */
const PHONE_SEPARATOR = /^\)?[ \u00a0.-]?\(?$/;
const SPACES_ONLY = /^[ \u00a0]+$/;

/** A number directly followed by a unit is an amount or a share, whatever its digits look like. */
const AMOUNT_UNIT_AFTER = /^[ \u00a0]?(?:đồng|đ|₫|VNĐ|VND|vnđ|vnd|USD|usd|EUR|triệu|tỷ|tỉ|nghìn|ngàn|%)(?![\p{L}\p{N}])/u;
const CURRENCY_BEFORE = /[$€£¥₫][ \u00a0]?$/;
const MAX_PHONE_DIGITS = 15;
/** Nothing shorter than 8 digits is a phone or ID number, which keeps the common case cheap. */
const MIN_NUMBER_DIGITS = 8;

/** Vietnamese numbers after the leading 0 or country code 84: mobile (3/5/7/8/9), landline (2), pre-2018 mobile (12x, 16x, 18x, 19x). */
const VN_SUBSCRIBER = /^(?:[35789]\d{8}|2\d{9}|1[2689]\d{8})$/;
/** CCCD: 12 digits starting with a province code 001–096. */
const CCCD = /^0(?:0[1-9]|[1-8]\d|9[0-6])\d{9}$/;

type Kind = 'phone' | 'id';

interface Group {
  start: number;
  end: number;
  digits: string;
}

export function redactPersonalData(text: string): string {
  // Repeated to a fixpoint: removing one number can expose another glued to it ("+0912 345
  // 6780912 345 678"), which must not survive. Two passes settle every case seen; four are allowed.
  let out = text;
  for (let pass = 0; pass < 4 && mayContainPersonalData(out); pass++) {
    const next = out.replace(EMAIL, EMAIL_PLACEHOLDER).replace(NUMBER_RUN, (run: string, offset: number, whole: string) => redactRun(run, offset, whole));
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Most texts hold no '@' and too few digits for any number we redact: a cheap scan skips the regexes. */
function mayContainPersonalData(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 64 /* @ */) return true;
    if (c >= 48 && c <= 57 && ++digits >= MIN_NUMBER_DIGITS) return true;
  }
  return false;
}

export function containsPersonalData(text: string): boolean {
  return redactPersonalData(text) !== text;
}

function redactRun(run: string, offset: number, whole: string): string {
  const prefix = /^(?:\(\+?|\+)/.exec(run)?.[0] ?? '';
  const replacements: { start: number; end: number; kind: Kind }[] = [];

  // Split the run into segments at separators that cannot occur inside one number (" - ", "..").
  let segment: Group[] = [];
  let separators: string[] = [];
  let firstSegment = true;
  const flush = (): void => {
    findNumbers(segment, separators, firstSegment ? prefix : '', run, offset, whole, replacements);
    firstSegment = false;
    segment = [];
    separators = [];
  };
  const token = /\d+|\D+/g;
  token.lastIndex = prefix.length;
  for (let m = token.exec(run); m !== null; m = token.exec(run)) {
    const value = m[0];
    if (/^\d/.test(value)) {
      segment.push({ start: m.index, end: m.index + value.length, digits: value });
    } else if (PHONE_SEPARATOR.test(value)) {
      separators.push(value);
    } else {
      flush();
    }
  }
  flush();

  if (replacements.length === 0) return run;
  let out = '';
  let cursor = 0;
  for (const { start, end, kind } of replacements) {
    out += run.slice(cursor, start) + (kind === 'phone' ? PHONE_PLACEHOLDER : ID_NUMBER_PLACEHOLDER);
    cursor = end;
  }
  return out + run.slice(cursor);
}

/**
 * Greedy and leftmost: from each group, take the longest span of groups that forms a number,
 * bounded by the 15 digits of the longest phone number, so a run costs O(groups × 15). The span's
 * shape is tracked incrementally so that long runs of short numbers allocate nothing.
 */
function findNumbers(groups: Group[], separators: string[], prefix: string, run: string, offset: number, whole: string, out: { start: number; end: number; kind: Kind }[]): void {
  let i = 0;
  while (i < groups.length) {
    const shape: Shape = { digits: '', count: 0, first: groups[i]!.digits.length, shortest: Infinity, thousands: true, spacesOnly: true, plus: i === 0 && prefix.includes('+') };
    let best: { j: number; kind: Kind } | null = null;
    // Only numbers starting with 0, 84 or "+" may span several groups (a bare CMND is one group).
    const lead = groups[i]!.digits[0];
    const lastJ = shape.plus || lead === '0' || lead === '8' ? groups.length - 1 : i;
    for (let j = i; j <= lastJ; j++) {
      const length = groups[j]!.digits.length;
      if (j > i) {
        const separator = separators[j - 1]!;
        shape.thousands &&= separator === '.' && length === 3;
        shape.spacesOnly &&= SPACES_ONLY.test(separator);
      }
      shape.digits += groups[j]!.digits;
      shape.count++;
      shape.shortest = Math.min(shape.shortest, length);
      if (shape.digits.length > MAX_PHONE_DIGITS) break;
      if (shape.digits.length < MIN_NUMBER_DIGITS) continue;
      const kind = classify(shape);
      if (kind !== null) best = { j, kind };
    }
    if (best === null) {
      i++;
      continue;
    }
    const first = groups[i]!;
    const last = groups[best.j]!;
    // Swallow the opening "(" or "+" only when it belongs to the number, so "(0912 345 678)" keeps its balance.
    const takesPrefix = i === 0 && prefix !== '' && (prefix.includes('+') || run.slice(first.end, last.end).includes(')'));
    const start = takesPrefix ? first.start - prefix.length : first.start;
    if (!isAmount(whole, offset + start, offset + last.end)) out.push({ start, end: last.end, kind: best.kind });
    i = best.j + 1;
  }
}

interface Shape {
  digits: string;
  /** Number of digit groups. */
  count: number;
  /** Digits in the first group and in the shortest group. */
  first: number;
  shortest: number;
  /** Every group after the first is 3 digits after a dot, as in 84.500.000.000. */
  thousands: boolean;
  spacesOnly: boolean;
  plus: boolean;
}

function classify({ digits, count, first, shortest, thousands, spacesOnly, plus }: Shape): Kind | null {
  if (plus) {
    if (digits.startsWith('84')) {
      const subscriber = digits.slice(2).replace(/^0/, '');
      return VN_SUBSCRIBER.test(subscriber) ? 'phone' : null;
    }
    return digits.length >= 8 && digits.length <= MAX_PHONE_DIGITS ? 'phone' : null;
  }

  // Dates (05.11.2019 08…) start with a 2-digit group; written phone numbers never do.
  if (digits.startsWith('0') && first >= 3 && shortest >= 2 && VN_SUBSCRIBER.test(digits.slice(1))) return 'phone';
  // "84.500.000.000" is an amount, not 84 500 000 000 0.
  const amountGrouping = count >= 2 && first <= 3 && thousands;
  if (digits.startsWith('84') && shortest >= 2 && !amountGrouping && VN_SUBSCRIBER.test(digits.slice(2))) return 'phone';

  if (digits.length === 12 && CCCD.test(digits) && (count === 1 || shortest >= 3)) return 'id';
  // A 9-digit number grouped with spaces is usually a count ("123 456 789 người"); only a leading 0 makes it a CMND.
  if (digits.length === 9 && (count === 1 || (digits.startsWith('0') && shortest >= 3 && spacesOnly))) return 'id';
  return null;
}

function isAmount(whole: string, start: number, end: number): boolean {
  return AMOUNT_UNIT_AFTER.test(whole.slice(end, end + 8)) || CURRENCY_BEFORE.test(whole.slice(Math.max(0, start - 2), start));
}
