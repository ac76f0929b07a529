/**
 * Finds the phone, ID, bank-account and card numbers in a normalized text
 * (public-text-normalize.ts), and leaves the numbers of public life alone: dates, amounts, law
 * citations ("147/2024/NĐ-CP"), case ids, years.
 *
 * No regex tries to match a whole number. `\d+` finds the digit groups; consecutive groups joined
 * by a short phone-style separator (" ", ".", "-", "–", "/", "(", ")", "+", a line break) form a run, and code
 * decides, span by span, whether some consecutive groups of a run have the shape of a number we
 * redact, helped by the words around it (redact-context.ts). Every span holds at most 19 digits,
 * so a run costs O(groups × 19) and the whole scan stays linear in the text's length.
 */
import { amountAround, amountWordBefore, bankAfter, labelBefore, type LabelKind } from './redact-context.ts';

export type NumberKind = LabelKind;

export interface FoundNumber {
  start: number;
  end: number;
  kind: NumberKind;
}

interface Group {
  start: number;
  end: number;
  digits: string;
  /** Letters glued to the left of the digits ("sđt" in "sđt0912345678"), else ''. */
  glued: string;
  gluedRight: boolean;
}

/** The longest number we redact: a 19-digit card. */
const MAX_DIGITS = 19;
/** The shortest: a labelled bank account ("STK 123456"). Texts with fewer digits are skipped. */
export const MIN_DIGITS = 6;
/** Letters glued to digits beyond this length make a token, not a label and a number. */
const MAX_GLUE = 32;
const MIN_LABELLED_DIGITS: Record<NumberKind, number> = { phone: 8, id: 8, account: 6, card: 12 };

/** After the leading 0 or the country code 84: mobile prefixes in use since 2018, or a landline (2 + area code). */
const VN_SUBSCRIBER = /^(?:(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}|2\d{9})$/;
/** 11-digit mobile numbers renumbered in 2018, still found in older texts. */
const VN_OLD_MOBILE = /^1[2689]\d{8}$/;
/** CCCD: 12 digits, the first three a province code 001–096. */
const CCCD = /^0(?:0[1-9]|[1-8]\d|9[0-6])\d{9}$/;
/** Issuer prefixes of Visa, Mastercard, Amex, JCB, UnionPay/Discover and Vietnam's Napas cards. */
const CARD_ISSUER = /^(?:4|5[1-5]|2[2-7]|3[47]|35|6|9704)/;
/** Letters that begin a Vietnamese passport number (B1234567, C1234567, the newer N…, P…, K…). */
const PASSPORT_LETTER = /^[BCKNP]$/;
/** Public service numbers (1800 free, 1900 paid hotlines) are not anyone's private number. */
const SERVICE_NUMBER = /^1[89]00/;

const DIGIT_GROUP = /\d+/g;
const JOIN = /^[\n .()/+\u2013\u2014-]{1,3}$/;
const WORD_CHAR = /[\p{L}\p{M}_]/u;
const DIGIT = /\d/;
/**
 * Dates (05/11/2019, 05.11.2019, 2024-03-01, 05-11-19) and UUIDs are never personal data, and they
 * split the numbers around them: "ngày 01/02/2024 0912345678" holds a date, then a phone.
 */
const DATE = /(?<!\d[./-]?)(?:(\d{1,2})([./-])(\d{1,2})\2(?:\d{4}|\d{2})|\d{4}([./-])(\d{1,2})\4(\d{1,2}))(?![./-]?\d)/g;
/** The middle of a UUID; the 8 and 12 hex digits around it are checked in code (a leading literal scans fast). */
const UUID_MIDDLE = /-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-/gi;
const HEX_8 = /^[\da-f]{8}$/i;
const HEX_12 = /^[\da-f]{12}$/i;

export function findPersonalNumbers(text: string): FoundNumber[] {
  const out: FoundNumber[] = [];
  const kept = protectedSpans(text);
  let k = 0;
  let run: Group[] = [];
  const flush = (): void => {
    if (run.length > 0) new Run(text, run, out).scan();
    run = [];
  };
  DIGIT_GROUP.lastIndex = 0;
  for (let m = DIGIT_GROUP.exec(text); m !== null; m = DIGIT_GROUP.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    while (k < kept.length && kept[k]!.end <= start) k++;
    const group = k < kept.length && kept[k]!.start < end ? null : groupAt(text, start, end, m[0]);
    if (group === null) {
      flush();
      continue;
    }
    const last = run.at(-1);
    if (last !== undefined && (group.glued !== '' || last.gluedRight || !JOIN.test(text.slice(last.end, start)))) flush();
    run.push(group);
  }
  flush();
  return out;
}

function isPersonalLabel(label: LabelKind | 'not-personal' | null): label is LabelKind {
  return label !== null && label !== 'not-personal';
}

function protectedSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(DATE)) {
    const [day, month] = m[1] !== undefined ? [Number(m[1]), Number(m[3])] : [Number(m[6]), Number(m[5])];
    // Day-month or month-day order: either way both must be calendar values.
    if (day >= 1 && month >= 1 && ((day <= 31 && month <= 12) || (day <= 12 && month <= 31))) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(UUID_MIDDLE)) {
    const start = m.index - 8;
    const end = m.index + m[0].length + 12;
    if (start >= 0 && HEX_8.test(text.slice(start, m.index)) && HEX_12.test(text.slice(m.index + m[0].length, end))) spans.push({ start, end });
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * The digit group with the letters glued to it, or null when it sits inside a token of letters and
 * digits (a hash "a3f0912345678b9", "08h30", an identifier): such digits are not a number.
 */
function groupAt(text: string, start: number, end: number, digits: string): Group | null {
  let s = start;
  while (s > 0 && start - s < MAX_GLUE && WORD_CHAR.test(text[s - 1]!)) s--;
  if (s < start && (start - s >= MAX_GLUE || (s > 0 && DIGIT.test(text[s - 1]!)))) return null;
  let e = end;
  while (e < text.length && e - end < MAX_GLUE && WORD_CHAR.test(text[e]!)) e++;
  const gluedRight = e > end;
  if (gluedRight && (e - end >= MAX_GLUE || (e < text.length && DIGIT.test(text[e]!)))) return null;
  const glued = text.slice(s, start);
  // Glued on both sides is a token, unless the left part is a label: "sđt0912345678nhé".
  if (glued !== '' && gluedRight && !isPersonalLabel(labelBefore(text, start))) return null;
  return { start, end, digits, glued, gluedRight };
}

/** One run of digit groups, scanned greedily: from each group, the longest span that is a number. */
class Run {
  private label: LabelKind | 'not-personal' | null | undefined;
  /** First group after the last redacted span: a redaction splits a run as the placeholder would. */
  private segment = 0;

  constructor(
    private readonly text: string,
    private readonly groups: Group[],
    private readonly out: FoundNumber[],
  ) {}

  scan(): void {
    const groups = this.groups;
    let total = 0;
    for (const g of groups) total += g.digits.length;
    if (total < MIN_DIGITS) return;
    const label = this.labelOfRun();
    const labelled = isPersonalLabel(label);
    let i = 0;
    while (i < groups.length) {
      // "2.091.234.567": "091.234.567" is the tail of an amount, not a CMND.
      if (i > this.segment && this.continuesThousands(i)) {
        i++;
        continue;
      }
      const shape = new Shape(this.text, groups[i]!);
      const reach = labelled ? MAX_DIGITS : reachFrom(shape);
      let best: { j: number; kind: NumberKind } | null = null;
      for (let j = i; j < groups.length; j++) {
        if (j > i) shape.add(this.text.slice(groups[j - 1]!.end, groups[j]!.start), groups[j]!);
        if (shape.digits.length > reach || (shape.digits.length >= 3 && shape.digits.startsWith('000'))) break;
        if (shape.digits.length < MIN_DIGITS) continue;
        const kind = this.classify(shape, i, j);
        if (kind !== null) best = { j, kind };
      }
      if (best === null) {
        i++;
        continue;
      }
      this.out.push({ start: this.spanStart(i, best.j, shape), end: groups[best.j]!.end, kind: best.kind });
      i = this.segment = best.j + 1;
    }
  }

  private continuesThousands(i: number): boolean {
    const previous = this.groups[i - 1]!;
    const current = this.groups[i]!;
    return current.digits.length === 3 && previous.digits.length <= 3 && previous.digits[0] !== '0' && this.text.slice(previous.end, current.start) === '.';
  }

  private labelOfRun(): LabelKind | 'not-personal' | null {
    if (this.label !== undefined) return this.label;
    const first = this.groups[0]!;
    let label = labelBefore(this.text, first.start);
    // "hộ chiếu C1234567": the label sits before the glued letters.
    if (label === null && first.glued !== '') label = labelBefore(this.text, first.start - first.glued.length);
    if (label === null && bankAfter(this.text, this.groups.at(-1)!.end)) label = 'account';
    return (this.label = label);
  }

  private classify(shape: Shape, i: number, j: number): NumberKind | null {
    const { digits } = shape;
    const n = digits.length;
    const first = this.groups[i]!;
    const glued = i === 0 ? first.glued : '';

    if (shape.plus) {
      if (digits.startsWith('84')) return VN_SUBSCRIBER.test(digits.slice(2).replace(/^0/, '')) ? 'phone' : null;
      return n >= 8 && n <= 15 ? 'phone' : null;
    }
    // "0912 345 678 1 2": the digits after a number, in groups of one, are not part of it.
    if (!shape.tidy) return null;
    // Without a label, only numbers starting with 0 or 84, nine-digit IDs and cards remain: most spans stop here.
    if (digits[0] !== '0' && digits[0] !== '8' && n !== 9 && n < 13 && glued === '' && this.labelOfRun() === null) return null;
    if (digits.startsWith('0084') && VN_SUBSCRIBER.test(digits.slice(4).replace(/^0/, ''))) return 'phone';
    if (digits[0] === '0' && VN_SUBSCRIBER.test(digits.slice(1))) return 'phone';
    if (n === 12 && CCCD.test(digits) && shape.groupedLikeId()) return 'id';
    if (isCardNumber(digits) && shape.groupedLikeCard()) return 'card';

    const label = this.labelOfRun();
    if (j === i && glued !== '' && this.isPassport(glued, first, label)) return 'id';
    // Amounts never start with 0; anything else followed by "đồng" or after "$" is one.
    const amount = (): boolean => digits[0] !== '0' && amountAround(this.text, first.start, this.groups[j]!.end);
    if (label !== null && label !== 'not-personal') {
      if (n < MIN_LABELLED_DIGITS[label] || (label === 'phone' && SERVICE_NUMBER.test(digits))) return null;
      // "Tài khoản bị trừ 2.000.000": grouped in thousands, it is money, not an account or card.
      if (shape.thousands && (label === 'account' || label === 'card')) return null;
      return amount() ? null : label;
    }
    if (label === 'not-personal' || glued !== '') return null;
    const kind = this.weakShape(shape, i, j);
    // Context is read only for the few spans with such a shape: it costs a few regexes.
    if (kind === null || amount() || amountWordBefore(this.text, first.start)) return null;
    return kind;
  }

  /** Shapes that are personal numbers unless the words around them say otherwise. */
  private weakShape(shape: Shape, i: number, j: number): NumberKind | null {
    const { digits } = shape;
    if (digits.startsWith('84') && !shape.thousands && VN_SUBSCRIBER.test(digits.slice(2))) return 'phone';
    if (digits[0] === '0' && VN_OLD_MOBILE.test(digits.slice(1))) return 'phone';
    // A bare CMND: nine digits alone, or written 123 456 789 / 123.456.789 with nothing around;
    // 100.000.000 is a round amount, not an ID.
    if (digits.length === 9 && i === this.segment && j === this.groups.length - 1 && (shape.count === 1 || (shape.evenlyGroupedBy3() && !digits.endsWith('000')))) return 'id';
    if (shape.count === 1 && isCardNumber(digits)) return 'card';
    return null;
  }

  private isPassport(glued: string, group: Group, label: LabelKind | 'not-personal' | null): boolean {
    if (group.gluedRight) return false;
    const letters = this.text.slice(group.start - glued.length, group.start);
    const n = group.digits.length;
    if (PASSPORT_LETTER.test(letters) && (n === 7 || n === 8)) return true;
    return label === 'id' && /^[A-Z]{1,2}$/.test(letters) && n >= 6 && n <= 9;
  }

  /** Where the placeholder starts: with the "+", "(+", "(" and passport letter that belong to the number. */
  private spanStart(i: number, j: number, shape: Shape): number {
    const first = this.groups[i]!;
    const text = this.text;
    if (i === 0 && first.glued.length <= 2 && first.glued !== '' && /^[A-Z]{1,2}$/.test(first.glued)) return first.start - first.glued.length;
    let start = first.start;
    if (shape.plus) start = text[start - 1] === '+' ? start - 1 : start - 2;
    // Keep brackets balanced: "(0912 345 678)" keeps its "(", "(024) 3823 4567" loses it.
    if (text[start - 1] === '(' && text.slice(start, this.groups[j]!.end).includes(')')) start--;
    return start;
  }
}

/**
 * How many digits an unlabelled span starting with this group may hold and still be a number we
 * redact, so that runs of short numbers ("1 2 3 4 …") are not tried 19 groups deep from each one:
 * numbers with "+" up to 15 digits, with 0 up to 14 ("0084" and a landline), with 8 up to 12 ("84"
 * and a landline), a first group of four may start a card, of three a CMND "123 456 789"; anything
 * else is one group.
 */
function reachFrom(shape: Shape): number {
  const first = shape.digits;
  if (shape.plus) return 15;
  if (first[0] === '0') return 14;
  if (first[0] === '8') return 12;
  if (first.length === 4 && CARD_ISSUER.test(first)) return MAX_DIGITS;
  if (first.length === 3) return 9;
  return first.length;
}

/** The digits of a span of groups and what their grouping says, kept up to date group by group. */
class Shape {
  digits: string;
  count = 1;
  readonly plus: boolean;
  /** Every later group is 3 digits after a ".", and the first 1–3 digits: 84.500.000.000. */
  thousands: boolean;
  // The grouping, tracked without arrays: runs of short numbers make one Shape per group.
  private readonly first: number;
  private second = 0;
  private last: number;
  /** Whether every group between the first and the last has the first's length, or 4 digits. */
  private middleLikeFirst = true;
  private middleOfFour = true;
  private spacesOnly = true;
  private dotsOnly = true;
  private singles: number;
  private singleAfterFirst = false;

  constructor(text: string, first: Group) {
    this.digits = first.digits;
    this.first = this.last = first.digits.length;
    const before = text.slice(Math.max(0, first.start - 2), first.start);
    this.plus = first.glued === '' && (before.endsWith('+') || before === '+(' || before === '+ ');
    this.thousands = first.digits.length <= 3 && first.digits[0] !== '0';
    this.singles = first.digits.length === 1 ? 1 : 0;
  }

  add(separator: string, group: Group): void {
    const length = group.digits.length;
    if (this.count >= 2) {
      // The group that was last is now in the middle.
      this.middleLikeFirst &&= this.last === this.first;
      this.middleOfFour &&= this.last === 4;
    } else {
      this.second = length;
    }
    if (length === 1) {
      this.singles++;
      this.singleAfterFirst = true;
    }
    this.digits += group.digits;
    this.count++;
    this.last = length;
    this.spacesOnly &&= separator === ' ';
    this.dotsOnly &&= separator === '.';
    this.thousands &&= separator === '.' && length === 3;
  }

  /**
   * One group, or every group after the first at least two digits long, or all single digits
   * ("0 9 1 2 3 4 5 6 7 8", spelled out to dodge a pattern).
   */
  get tidy(): boolean {
    return this.count === 1 || this.singles === this.count || !this.singleAfterFirst;
  }

  /** 4111 1111 1111 1111, 4111-1111-1111-1111, 3782 822463 10005. */
  groupedLikeCard(): boolean {
    if (this.count < 3) return false;
    if (this.count === 3 && this.first === 4 && this.second === 6 && (this.last === 5 || this.last === 4)) return true;
    return this.first === 4 && this.middleOfFour && this.last >= 1 && this.last <= 4;
  }

  /**
   * 001099012345, 001 099 012345, 0010 9901 2345, 00 10 99 01 23 45: equal groups, the last one
   * maybe longer. "0912 345 678 12" is a phone number and a 12, not a CCCD.
   */
  groupedLikeId(): boolean {
    return (this.count <= 2 || this.middleLikeFirst) && this.last >= this.first;
  }

  /** 123 456 789 or 123.456.789: three groups of three, one kind of separator. */
  evenlyGroupedBy3(): boolean {
    return this.count === 3 && this.first === 3 && this.second === 3 && this.last === 3 && (this.spacesOnly || this.dotsOnly);
  }
}

function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || !CARD_ISSUER.test(digits)) return false;
  let sum = 0;
  for (let k = 0; k < digits.length; k++) {
    let d = digits.charCodeAt(digits.length - 1 - k) - 48;
    if (k % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
