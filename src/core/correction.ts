import { CATEGORY_SPECIFICATIONS, isIso639_1, isOneOf, STATEMENT_CATEGORIES } from './dsa.ts';
import { AppError, type FieldError } from './errors.ts';
import { uuidv7 } from './ids.ts';
import { validateNoAction } from './no-action-decision.ts';
import type { OrgKind } from './organization.ts';
import { publicValue, searchTextOf, type PublicRecordDraft } from './public-record.ts';
import type { PublicRecordType } from './public-record-types.ts';
import { STATEMENT_OF_REASONS_FIELDS, validateStatementOfReasons } from './statement-of-reasons.ts';
import { canonicalJson } from './tlog/jcs.ts';

/**
 * Corrections, never silent (issue 14): a published record that is wrong is never updated. A new
 * record of type `correction` supersedes it, whole — its body is the corrected public body, so a
 * reader of the current version needs nothing else — plus a `correction` member saying what
 * changed (each field, from → to) and why. Both stay in the transparency log, so the original
 * still verifies against its entry and anyone can see that, when and how it was corrected.
 *
 * Only what someone typed can be corrected. What minhbach made (ids, times, the platform's name,
 * the content URL, who the source was) is not anyone's mistake to correct, and a restriction
 * turned into no action (or back) is a new decision, reached on appeal, not a correction.
 */

export const MAX_CORRECTION_REASON = 2000;
export const MIN_CORRECTION_REASON = 10;
/** More fields than any record has: a longer list is not a correction. */
const MAX_CHANGES = 40;

/** Kinds of record a correction may correct (a correction of a correction corrects the same kind). */
type CorrectableKind = 'authority_request' | 'trusted_flagger_notice' | 'rights_holder_notice' | 'statement_of_reasons' | 'no_action_decision';

const NOTICE_FIELDS = ['category', 'category_specification', 'explanation', 'legal_basis', 'content_language'] as const;

/** What the author of each kind of record typed, and may therefore correct. */
const CORRECTABLE: Record<CorrectableKind, ReadonlySet<string>> = {
  authority_request: new Set(NOTICE_FIELDS),
  trusted_flagger_notice: new Set(NOTICE_FIELDS),
  rights_holder_notice: new Set(NOTICE_FIELDS),
  // puid identifies the decision in the platform's own systems (and is unique per platform): it
  // names the decision rather than describing it.
  statement_of_reasons: new Set(STATEMENT_OF_REASONS_FIELDS.filter((f) => f !== 'puid')),
  no_action_decision: new Set(['decision_facts', 'decision_ground_reference_url']),
};

function isCorrectableKind(type: string): type is CorrectableKind {
  return Object.hasOwn(CORRECTABLE, type);
}

/** Members minhbach writes itself: named as such when someone asks to correct one. */
const SERVER_MADE = new Set([
  'uuid',
  'case_id',
  'created_at',
  'platform_name',
  'content_url',
  'method',
  'permalink',
  'self',
  'source_type',
  'source_identity',
  'notice_id',
  'requester',
  'received_at',
  'due_at',
  'items',
  'correction',
]);

/** What the platform did, in a statement of reasons; without any of them it restricted nothing. */
const RESTRICTION_FIELDS = ['decision_visibility', 'decision_monetary', 'decision_provision', 'decision_account'] as const;

const NEW_DECISION = 'a restriction turned into no action, or no action into a restriction, is a new decision (on appeal), not a correction';

/** The version being corrected, as stored. */
export interface CorrectableRecord {
  id: string;
  type: string;
  category: string;
  platform: string;
  requester_kind: string | null;
  body: Record<string, unknown>;
  withdrawn_by: string | null;
}

/** What a correction's body says about itself. */
export interface CorrectionNote {
  corrects_record_id: string;
  original_record_id: string;
  /** The kind of the original record, which every version of the chain is. */
  original_type: CorrectableKind;
  changed_fields: { field: string; from: unknown; to: unknown }[];
  reason: string;
}

export interface CorrectionArgs {
  /** The latest version of the chain: the original, or the last correction of it. */
  record: CorrectableRecord;
  /** The correction that already superseded `record` (the latest of its chain), if any. */
  latestId: string | null;
  changes: unknown;
  reason: unknown;
  at: Date;
  /**
   * For decisions, the statement as the platform sent it (decisions.statement). Where a field of
   * the current version is still its public form, it is validated as sent, so that the redaction
   * of a field nobody changed (digits in a text read as a phone number) cannot fail validation.
   */
  statement?: Record<string, unknown> | null;
}

/** The kind of record this version is, reading through a correction to the original's kind. */
export function correctedKind(record: Pick<CorrectableRecord, 'type' | 'body'>): string {
  if (record.type !== 'correction') return record.type;
  const note = record.body.correction as Partial<CorrectionNote> | undefined;
  return typeof note?.original_type === 'string' ? note.original_type : 'correction';
}

/**
 * The correction record of `record`, or an AppError: conflict when the record cannot be corrected
 * (withdrawn, superseded, not a kind corrections are for), validation naming `changes.<field>` or
 * `reason` when the request is wrong.
 */
export function draftCorrection(args: CorrectionArgs): { draft: PublicRecordDraft; note: CorrectionNote } {
  const { record } = args;
  if (record.withdrawn_by) {
    throw new AppError('conflict', `This record was withdrawn by ${record.withdrawn_by}; a withdrawn record cannot be corrected`, {
      extra: { withdrawal_id: record.withdrawn_by },
    });
  }
  if (args.latestId) {
    throw new AppError('conflict', `This record was already corrected; correct its latest version, ${args.latestId}`, { extra: { latest_record_id: args.latestId } });
  }
  const kind = correctedKind(record);
  if (!isCorrectableKind(kind)) {
    throw new AppError('conflict', `A ${kind} record is not corrected by a correction (a withdrawal, a report or a dump is published anew instead)`);
  }

  const errors: FieldError[] = [];
  const reason = typeof args.reason === 'string' ? args.reason.trim() : '';
  if (reason.length < MIN_CORRECTION_REASON || reason.length > MAX_CORRECTION_REASON) {
    errors.push({ field: 'reason', message: `must say why the record is corrected, in ${MIN_CORRECTION_REASON} to ${MAX_CORRECTION_REASON} characters` });
  }
  const changes = args.changes;
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes) || Object.keys(changes).length === 0) {
    errors.push({ field: 'changes', message: 'must name at least one field and its corrected value, such as {"category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"}' });
    throw AppError.validation(errors);
  }
  const requested = Object.entries(changes as Record<string, unknown>);
  if (requested.length > MAX_CHANGES) throw AppError.validation([...errors, { field: 'changes', message: `must list at most ${MAX_CHANGES} fields` }]);

  const { correction: _previous, ...current } = record.body;
  const changed: CorrectionNote['changed_fields'] = [];
  for (const [field, value] of requested) {
    const at = `changes.${field.slice(0, 100)}`;
    const refusal = refuse(kind, field);
    if (refusal) {
      errors.push({ field: at, message: refusal });
      continue;
    }
    const from = Object.hasOwn(current, field) ? (current[field] ?? null) : null;
    // A notice's list of keywords is empty rather than absent, as intake stores it.
    const to = value === null ? (field === 'category_specification' ? [] : null) : publicValue(field, value);
    if (canonicalJson(from) === canonicalJson(to)) errors.push({ field: at, message: 'already has this value: a correction must change something' });
    else changed.push({ field, from, to });
  }
  if (errors.length === 0) errors.push(...validateCorrected(kind, current, changes as Record<string, unknown>, args.statement ?? null));
  if (errors.length > 0) throw AppError.validation(errors);

  const body: Record<string, unknown> = { ...current };
  // A decision's optional field set to null is left out, as the platform would have; a notice's
  // body names each of its fields, null when empty, as intake publishes it.
  const isDecision = kind === 'statement_of_reasons' || kind === 'no_action_decision';
  for (const c of changed) {
    if (c.to === null && isDecision) delete body[c.field];
    else body[c.field] = c.to;
  }
  const previous = record.type === 'correction' ? (record.body.correction as CorrectionNote) : null;
  const note: CorrectionNote = {
    corrects_record_id: record.id,
    original_record_id: previous?.original_record_id ?? record.id,
    original_type: kind,
    changed_fields: changed,
    reason: publicValue('reason', reason) as string,
  };
  body.correction = note;
  const category = typeof body.category === 'string' ? body.category : record.category;
  const draft: PublicRecordDraft = {
    id: uuidv7(args.at.getTime()),
    type: 'correction' satisfies PublicRecordType,
    source_id: record.id,
    published_at: args.at,
    category,
    platform: record.platform,
    requester_kind: record.requester_kind as OrgKind | null,
    body,
    search_text: searchTextOf(body),
  };
  return { draft, note };
}

/** Why a field cannot be corrected on this kind of record, or null if it can. */
function refuse(kind: CorrectableKind, field: string): string | null {
  if (CORRECTABLE[kind].has(field)) return null;
  if (field === 'outcome' || (kind === 'no_action_decision' && (RESTRICTION_FIELDS as readonly string[]).includes(field))) return `cannot be corrected: ${NEW_DECISION}`;
  if (SERVER_MADE.has(field)) return 'cannot be corrected: minhbach sets it, nobody typed it';
  if (field === 'puid') return "cannot be corrected: it identifies the decision in the platform's systems";
  if (field === 'urgency') return 'cannot be corrected: it set a deadline that has already run';
  return `is not a field of a ${kind} record that can be corrected`;
}

/** Errors of the corrected version, each named `changes.<field>`. */
function validateCorrected(kind: CorrectableKind, current: Record<string, unknown>, changes: Record<string, unknown>, statement: Record<string, unknown> | null): FieldError[] {
  const prefixed = (errors: FieldError[]) => errors.map((e) => ({ field: e.field === '' || e.field === '(body)' ? 'changes' : `changes.${e.field}`, message: e.message }));
  if (kind === 'statement_of_reasons' || kind === 'no_action_decision') {
    const fields: readonly string[] = kind === 'statement_of_reasons' ? STATEMENT_OF_REASONS_FIELDS : ['decision_facts', 'decision_ground_reference_url', 'puid'];
    const candidate: Record<string, unknown> = {};
    for (const f of fields) {
      if (!Object.hasOwn(current, f) || current[f] === null) continue;
      // The value as sent when it is still what the public sees; otherwise (an earlier correction
      // changed it) the public value, which is what was sent, redacted.
      const sent = statement && Object.hasOwn(statement, f) ? statement[f] : undefined;
      candidate[f] = sent !== undefined && canonicalJson(publicValue(f, sent)) === canonicalJson(current[f]) ? sent : current[f];
    }
    for (const [f, v] of Object.entries(changes)) {
      if (v === null) delete candidate[f];
      else candidate[f] = v;
    }
    if (kind === 'no_action_decision') {
      const checked = validateNoAction(candidate);
      return checked.ok ? [] : prefixed(checked.errors);
    }
    if (!RESTRICTION_FIELDS.some((f) => present(candidate[f]))) {
      return RESTRICTION_FIELDS.filter((f) => Object.hasOwn(changes, f)).map((f) => ({
        field: `changes.${f}`,
        message: `cannot leave the statement without any restriction: ${NEW_DECISION}`,
      }));
    }
    const checked = validateStatementOfReasons(candidate);
    return checked.ok ? [] : prefixed(checked.errors);
  }
  return prefixed(validateNoticeFields(kind, changes));
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);
}

/** The rules a notice's own fields meet at intake (notice.schemas.ts, notice.ts), for the fields corrected. */
function validateNoticeFields(kind: CorrectableKind, changes: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  for (const [field, v] of Object.entries(changes)) {
    if (field === 'category') {
      if (!isOneOf(STATEMENT_CATEGORIES, v)) fail(field, 'must be one of the DSA statement categories, such as STATEMENT_CATEGORY_SCAMS_AND_FRAUD');
    } else if (field === 'category_specification') {
      if (v !== null && (!Array.isArray(v) || v.length > 20 || v.some((x) => !isOneOf(CATEGORY_SPECIFICATIONS, x)) || new Set(v).size !== v.length)) {
        fail(field, 'must be a list of at most 20 distinct DSA keywords (KEYWORD_…), or null for none');
      }
    } else if (field === 'explanation') {
      if (typeof v !== 'string' || v.trim() === '' || v.length > 5000) fail(field, 'must say why the content is unlawful or harmful, in 1 to 5000 characters');
    } else if (field === 'content_language') {
      if (v !== null && !(typeof v === 'string' && /^[a-z]{2}$/.test(v) && isIso639_1(v.toUpperCase())))
        fail(field, 'must be an ISO 639-1 code in lower case, such as vi, or null');
    } else if (field === 'legal_basis') {
      if (v === null) {
        if (kind === 'authority_request') fail(field, 'is required for requests from an authority: name the legal instrument and provision the request rests on');
      } else if (!isLegalBasis(v)) {
        fail(field, 'must be {"instrument": 1 to 300 characters, "provision"?: at most 300, "reference_url"?: an http(s) URL of at most 500}');
      }
    }
  }
  return errors;
}

function isLegalBasis(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== 'instrument' && k !== 'provision' && k !== 'reference_url')) return false;
  if (typeof o.instrument !== 'string' || o.instrument.trim() === '' || o.instrument.length > 300) return false;
  if (o.provision !== undefined && (typeof o.provision !== 'string' || o.provision.length > 300)) return false;
  return o.reference_url === undefined || (typeof o.reference_url === 'string' && o.reference_url.length <= 500 && /^https?:\/\/\S+$/.test(o.reference_url));
}
