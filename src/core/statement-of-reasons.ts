/**
 * Validation of a platform's statement of reasons, in the EU DSA Transparency Database schema v2.
 * Field names and values are the EU's, verbatim, so a platform can send minhbach the payload its
 * existing EU integration already builds. Pure: no I/O, no clock, no framework.
 */
import type { FieldError } from './errors.ts';
import {
  ACCOUNT_TYPES,
  AUTOMATED_DECISIONS,
  CATEGORY_SPECIFICATIONS,
  CONTENT_TYPES,
  DECISION_ACCOUNT,
  DECISION_GROUNDS,
  DECISION_MONETARY,
  DECISION_PROVISION,
  DECISION_VISIBILITIES,
  STATEMENT_CATEGORIES,
  YES_NO,
  isIso639_1,
  isIsoCountryAlpha2,
  isOneOf,
  type AccountType,
  type AutomatedDecision,
  type CategorySpecification,
  type ContentType,
  type DecisionAccount,
  type DecisionGround,
  type DecisionMonetary,
  type DecisionProvision,
  type DecisionVisibility,
  type StatementCategory,
  type YesNo,
} from './dsa.ts';
import { isUuid } from './ids.ts';

export interface StatementOfReasonsInput {
  decision_visibility?: DecisionVisibility[];
  decision_visibility_other?: string;
  decision_monetary?: DecisionMonetary;
  decision_monetary_other?: string;
  decision_provision?: DecisionProvision;
  decision_account?: DecisionAccount;
  account_type?: AccountType;
  decision_ground: DecisionGround;
  decision_ground_reference_url?: string;
  illegal_content_legal_ground?: string;
  illegal_content_explanation?: string;
  incompatible_content_ground?: string;
  incompatible_content_explanation?: string;
  incompatible_content_illegal?: YesNo;
  content_type: ContentType[];
  content_type_other?: string;
  category: StatementCategory;
  category_addition?: StatementCategory[];
  category_specification?: CategorySpecification[];
  category_specification_other?: string;
  content_language?: string;
  content_date: string;
  application_date: string;
  end_date_account_restriction?: string;
  end_date_monetary_restriction?: string;
  end_date_service_restriction?: string;
  end_date_visibility_restriction?: string;
  territorial_scope?: string[];
  decision_facts: string;
  automated_detection: YesNo;
  automated_decision: AutomatedDecision;
  puid: string;
  content_id?: Record<string, string>;
  /** minhbach's own, not the EU's: the fact-check a content label points to (MINHBACH_STATEMENT_FIELDS). */
  fact_check_id?: string;
}

/** Every field a platform may send, in the order errors are reported. */
// prettier-ignore
export const STATEMENT_OF_REASONS_FIELDS = [
  'decision_visibility', 'decision_visibility_other', 'decision_monetary', 'decision_monetary_other',
  'decision_provision', 'decision_account', 'account_type', 'decision_ground', 'decision_ground_reference_url',
  'illegal_content_legal_ground', 'illegal_content_explanation', 'incompatible_content_ground',
  'incompatible_content_explanation', 'incompatible_content_illegal', 'content_type', 'content_type_other',
  'category', 'category_addition', 'category_specification', 'category_specification_other', 'content_language',
  'content_date', 'application_date', 'end_date_account_restriction', 'end_date_monetary_restriction',
  'end_date_service_restriction', 'end_date_visibility_restriction', 'territorial_scope', 'decision_facts',
  'automated_detection', 'automated_decision', 'puid', 'content_id',
] as const satisfies readonly (keyof StatementOfReasonsInput)[];

/**
 * minhbach's own fields beside the EU's, kept out of STATEMENT_OF_REASONS_FIELDS (the EU's list,
 * which corrections and exports follow): `fact_check_id`, the published fact-check a content
 * label points to (src/core/fact-check.ts), allowed only on a statement that labels the content.
 * The decision service checks it names a verdict on the case decided (fact-check.service.ts).
 */
export const MINHBACH_STATEMENT_FIELDS = ['fact_check_id'] as const satisfies readonly (keyof StatementOfReasonsInput)[];

/**
 * Fields of the EU schema that minhbach fills in itself. source_type and source_identity are among them
 * because minhbach already knows which notice (and which notifier) the decision answers.
 */
export const SERVER_SET_FIELDS = ['uuid', 'created_at', 'platform_name', 'method', 'permalink', 'self', 'source_type', 'source_identity'] as const;

export const MAX_SHORT_TEXT = 500;
export const MAX_EXPLANATION = 2000;
export const MAX_DECISION_FACTS = 5000;
export const MIN_CONTENT_DATE = '2000-01-01';
export const MIN_APPLICATION_DATE = '2020-01-01';

const PUID_PATTERN = /^[A-Za-z0-9_-]+$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Bounds the work and the error list for hostile input; real content_id objects have one or two keys.
const MAX_CONTENT_ID_KEYS = 20;
const MAX_UNKNOWN_FIELDS_REPORTED = 10;

type Result = { ok: true; value: StatementOfReasonsInput } | { ok: false; errors: FieldError[] };
type Source = Record<string, unknown>;

export function validateStatementOfReasons(input: unknown): Result {
  try {
    return validate(input);
  } catch {
    // Only reachable for exotic objects (throwing getters, proxies); JSON bodies never get here.
    return { ok: false, errors: [{ field: '', message: 'must be a plain JSON object; this value could not be read' }] };
  }
}

function validate(input: unknown): Result {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: `must be a JSON object of statement of reasons fields; got ${describe(input)}` }] };
  }
  const src = input as Source;
  const v = new Checker(src);

  // Conditions look at the raw input, so a missing *_other text is reported even when its list has other errors.
  v.enumArray('decision_visibility', DECISION_VISIBILITIES, false);
  v.text(
    'decision_visibility_other',
    MAX_SHORT_TEXT,
    v.mentions('decision_visibility', 'DECISION_VISIBILITY_OTHER') ? 'decision_visibility includes DECISION_VISIBILITY_OTHER' : null,
  );
  v.factCheckId(v.mentions('decision_visibility', 'DECISION_VISIBILITY_CONTENT_LABELLED'));
  v.enumValue('decision_monetary', DECISION_MONETARY, false);
  v.text('decision_monetary_other', MAX_SHORT_TEXT, v.mentions('decision_monetary', 'DECISION_MONETARY_OTHER') ? 'decision_monetary is DECISION_MONETARY_OTHER' : null);
  v.enumValue('decision_provision', DECISION_PROVISION, false);
  v.enumValue('decision_account', DECISION_ACCOUNT, false);
  v.enumValue('account_type', ACCOUNT_TYPES, false);

  const ground = v.enumValue('decision_ground', DECISION_GROUNDS, true);
  v.url('decision_ground_reference_url');
  const illegal = ground === 'DECISION_GROUND_ILLEGAL_CONTENT' ? 'decision_ground is DECISION_GROUND_ILLEGAL_CONTENT' : null;
  const incompatible = ground === 'DECISION_GROUND_INCOMPATIBLE_CONTENT' ? 'decision_ground is DECISION_GROUND_INCOMPATIBLE_CONTENT' : null;
  v.text('illegal_content_legal_ground', MAX_SHORT_TEXT, illegal);
  v.text('illegal_content_explanation', MAX_EXPLANATION, illegal);
  v.text('incompatible_content_ground', MAX_SHORT_TEXT, incompatible);
  v.text('incompatible_content_explanation', MAX_EXPLANATION, incompatible);
  v.enumValue('incompatible_content_illegal', YES_NO, false);

  v.enumArray('content_type', CONTENT_TYPES, true);
  v.text('content_type_other', MAX_SHORT_TEXT, v.mentions('content_type', 'CONTENT_TYPE_OTHER') ? 'content_type includes CONTENT_TYPE_OTHER' : null);
  v.enumValue('category', STATEMENT_CATEGORIES, true);
  v.enumArray('category_addition', STATEMENT_CATEGORIES, false);
  v.enumArray('category_specification', CATEGORY_SPECIFICATIONS, false);
  v.text('category_specification_other', MAX_SHORT_TEXT, v.mentions('category_specification', 'KEYWORD_OTHER') ? 'category_specification includes KEYWORD_OTHER' : null);
  v.language('content_language');

  v.date('content_date', true, { date: MIN_CONTENT_DATE, name: MIN_CONTENT_DATE });
  const applicationDate = v.date('application_date', true, { date: MIN_APPLICATION_DATE, name: MIN_APPLICATION_DATE });
  // A restriction cannot end before it starts; without a valid application_date there is nothing to compare.
  const endBound = applicationDate === undefined ? undefined : { date: applicationDate, name: `application_date (${applicationDate})` };
  for (const field of ['end_date_account_restriction', 'end_date_monetary_restriction', 'end_date_service_restriction', 'end_date_visibility_restriction']) {
    v.date(field, false, endBound);
  }
  v.countries('territorial_scope');

  v.text('decision_facts', MAX_DECISION_FACTS, 'always');
  v.enumValue('automated_detection', YES_NO, true);
  v.enumValue('automated_decision', AUTOMATED_DECISIONS, true);
  v.puid('puid');
  v.contentId('content_id');

  // Reported on all four fields, as the EU database does, so a form can highlight each of them.
  const restrictions = ['decision_visibility', 'decision_monetary', 'decision_provision', 'decision_account'];
  if (!restrictions.some((f) => v.isPresent(f))) {
    for (const field of restrictions) {
      const others = restrictions.filter((f) => f !== field);
      v.fail(field, `is required unless ${others.slice(0, -1).join(', ')} or ${others.at(-1)} is given: a statement must say what the platform did`);
    }
  }

  v.rejectOtherFields();
  if (v.errors.length > 0) return { ok: false, errors: v.errors };
  return { ok: true, value: v.out as unknown as StatementOfReasonsInput };
}

/** Collects errors and the accepted values field by field, so every problem is reported at once. */
class Checker {
  readonly errors: FieldError[] = [];
  readonly out: Record<string, unknown> = {};

  constructor(private readonly src: Source) {}

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  /**
   * null and blank strings count as absent, as in the EU database (Laravel turns them into null), so
   * payloads that spell out unused optional fields as null are accepted unchanged.
   */
  isPresent(field: string): boolean {
    const value = this.raw(field);
    return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
  }

  /** Whether the raw value is, or is an array containing, `value`. */
  mentions(field: string, value: string): boolean {
    const raw = this.raw(field);
    return raw === value || (Array.isArray(raw) && raw.includes(value));
  }

  private raw(field: string): unknown {
    return Object.hasOwn(this.src, field) ? this.src[field] : undefined;
  }

  private missing(field: string, requiredWhen: string | null): undefined {
    if (requiredWhen === 'always') return this.fail(field, 'is required');
    if (requiredWhen !== null) return this.fail(field, `is required when ${requiredWhen}`);
    return undefined;
  }

  /** `requiredWhen` is null for optional fields, 'always', or the condition that makes the field required. */
  text(field: string, max: number, requiredWhen: string | null): string | undefined {
    if (!this.isPresent(field)) return this.missing(field, requiredWhen);
    const value = this.raw(field);
    if (typeof value !== 'string') return this.fail(field, `must be a text string, got ${describe(value)}`);
    const length = codePointLength(value);
    if (length > max) return this.fail(field, `must be at most ${max} characters long, got ${length}`);
    return (this.out[field] = value);
  }

  enumValue<T extends string>(field: string, allowed: readonly T[], required: boolean): T | undefined {
    if (!this.isPresent(field)) return this.missing(field, required ? 'always' : null);
    const value = this.raw(field);
    if (!isOneOf(allowed, value)) return this.fail(field, `must be one of ${listOf(allowed)}; got ${describe(value)}`);
    return (this.out[field] = value);
  }

  enumArray<T extends string>(field: string, allowed: readonly T[], required: boolean): T[] | undefined {
    return this.array(field, required, allowed.length, `one of ${listOf(allowed)}`, (item): item is T => isOneOf(allowed, item));
  }

  private array<T extends string>(field: string, required: boolean, maxItems: number, expected: string, accept: (item: unknown) => item is T): T[] | undefined {
    if (!this.isPresent(field)) return this.missing(field, required ? 'always' : null);
    const value = this.raw(field);
    if (!Array.isArray(value)) return this.fail(field, `must be an array of values, each ${expected}; got ${describe(value)}`);
    if (value.length === 0) return this.fail(field, required ? 'must list at least one value' : 'must list at least one value, or be left out');
    // Without duplicates there cannot be more items than allowed values; checking first keeps the error list short.
    if (value.length > maxItems) return this.fail(field, `must list each value at most once, so at most ${maxItems} values; got ${value.length}`);
    const seen = new Set<unknown>();
    let valid = true;
    value.forEach((item: unknown, i) => {
      if (!accept(item)) {
        this.fail(`${field}[${i}]`, `must be ${expected}; got ${describe(item)}`);
        valid = false;
      } else if (seen.has(item)) {
        this.fail(`${field}[${i}]`, `repeats ${item}; list each value only once`);
        valid = false;
      }
      seen.add(item);
    });
    if (!valid) return undefined;
    return (this.out[field] = [...value] as T[]);
  }

  countries(field: string): void {
    const expected = 'an ISO 3166-1 alpha-2 country code in upper case, such as "VN" or "DE"';
    this.array(field, false, 249, expected, isIsoCountryAlpha2);
  }

  language(field: string): void {
    if (!this.isPresent(field)) return;
    const value = this.raw(field);
    if (!isIso639_1(value) || value !== value.toUpperCase()) {
      this.fail(field, `must be an ISO 639-1 language code in upper case, such as "VI" or "EN"; got ${describe(value)}`);
    } else {
      this.out[field] = value;
    }
  }

  /** `earliest` is the first allowed date, if known, and how to name it in the message. */
  date(field: string, required: boolean, earliest: { date: string; name: string } | undefined): string | undefined {
    if (!this.isPresent(field)) return this.missing(field, required ? 'always' : null);
    const value = this.raw(field);
    const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
    if (typeof value !== 'string' || !match) return this.fail(field, `must be a date written YYYY-MM-DD, such as 2025-07-01; got ${describe(value)}`);
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return this.fail(field, `must be a real calendar date; ${value} does not exist`);
    }
    // Zero-padded ISO dates compare correctly as strings.
    if (earliest !== undefined && value < earliest.date) return this.fail(field, `must be on or after ${earliest.name}; got ${value}`);
    return (this.out[field] = value);
  }

  url(field: string): void {
    if (!this.isPresent(field)) return;
    const value = this.raw(field);
    const expected = `must be an http:// or https:// URL of at most ${MAX_SHORT_TEXT} characters`;
    if (typeof value !== 'string' || value.length > MAX_SHORT_TEXT) return this.fail(field, `${expected}; got ${describe(value)}`);
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return this.fail(field, `${expected}; got ${describe(value)}`);
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '' || /\s/.test(value)) {
      return this.fail(field, `${expected}; got ${describe(value)}`);
    }
    this.out[field] = value;
  }

  puid(field: string): void {
    if (!this.isPresent(field)) return this.missing(field, 'always');
    const value = this.raw(field);
    const expected = `must be the platform's own identifier for the decision: 1 to ${MAX_SHORT_TEXT} letters, digits, hyphens or underscores`;
    if (typeof value !== 'string' || value.length > MAX_SHORT_TEXT || !PUID_PATTERN.test(value)) {
      return this.fail(field, `${expected}; got ${describe(value)}`);
    }
    this.out[field] = value;
  }

  contentId(field: string): void {
    if (!this.isPresent(field)) return;
    const value = this.raw(field);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(field, `must be an object of identifier type to identifier, such as {"EAN-13": "4006381333931"}; got ${describe(value)}`);
    }
    const keys = Object.keys(value);
    if (keys.length === 0) return this.fail(field, 'must name at least one identifier, or be left out');
    if (keys.length > MAX_CONTENT_ID_KEYS) return this.fail(field, `must have at most ${MAX_CONTENT_ID_KEYS} identifiers; got ${keys.length}`);
    const entries: [string, string][] = [];
    for (const key of keys) {
      const path = `${field}[${JSON.stringify(key.slice(0, 60))}]`;
      const item = (value as Source)[key];
      if (key.trim() === '' || key.length > 100) {
        this.fail(path, 'must be named by an identifier type of 1 to 100 characters, such as "EAN-13"');
      } else if (typeof item !== 'string' || item.trim() === '' || item.length > MAX_SHORT_TEXT) {
        this.fail(path, `must be a non-empty text identifier of at most ${MAX_SHORT_TEXT} characters; got ${describe(item)}`);
      } else if (key === 'EAN-13' && !isEan13(item)) {
        this.fail(path, `must be a valid EAN-13 product code: 13 digits with a correct check digit; got ${describe(item)}`);
      } else {
        entries.push([key, item]);
      }
    }
    if (entries.length === keys.length) this.out[field] = Object.fromEntries(entries);
  }

  /** minhbach's fact_check_id: the id of a fact-check, only on a statement that labels the content. */
  factCheckId(labelled: boolean): void {
    const field = 'fact_check_id';
    if (!this.isPresent(field)) return;
    const value = this.raw(field);
    if (!labelled) {
      this.fail(field, 'may only be given when decision_visibility includes DECISION_VISIBILITY_CONTENT_LABELLED: it is the verdict a label points to');
    } else if (typeof value !== 'string' || !isUuid(value.toLowerCase())) {
      this.fail(field, `must be the id of a fact-check (a UUID); got ${describe(value)}`);
    } else {
      this.out[field] = value.toLowerCase();
    }
  }

  rejectOtherFields(): void {
    const known = new Set<string>([...STATEMENT_OF_REASONS_FIELDS, ...MINHBACH_STATEMENT_FIELDS]);
    const serverSet = new Set<string>(SERVER_SET_FIELDS);
    const unknown: string[] = [];
    for (const key of Object.keys(this.src)) {
      if (serverSet.has(key)) this.fail(key, 'is set by the server, not by the platform; leave it out');
      else if (!known.has(key)) unknown.push(key);
    }
    for (const key of unknown.slice(0, MAX_UNKNOWN_FIELDS_REPORTED)) {
      this.fail(key.slice(0, 100), 'is not a statement of reasons field; check the spelling against the DSA schema');
    }
    if (unknown.length > MAX_UNKNOWN_FIELDS_REPORTED) {
      this.fail('', `${unknown.length - MAX_UNKNOWN_FIELDS_REPORTED} more unknown fields are not listed`);
    }
  }
}

/** Length in Unicode characters, as the EU counts it, so an emoji or rare Han character counts once. */
function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}

function isEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}

/** Short lists are spelled out; the long ones (categories, keywords) would drown the message. */
function listOf(values: readonly string[]): string {
  if (values.length <= 8) return values.join(', ');
  let prefix = values[0] ?? '';
  for (const value of values) while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.slice(0, prefix.lastIndexOf('_') + 1);
  return `the ${values.length} DSA ${prefix}… values, such as ${values.slice(0, 2).join(' or ')}`;
}

/** A short, safe rendering of a received value for error messages: never echoes a huge string whole. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}… (${value.length} characters)` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}
