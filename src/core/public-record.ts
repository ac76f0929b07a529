import { publicAppealLink } from './appeal-outcome.ts';
import { uuidv7 } from './ids.ts';
import type { NoticeDraft } from './notice.ts';
import type { OrgKind } from './organization.ts';
import { truncateCanonicalUrl } from './public-url.ts';
import type { PublicRecordType } from './public-record-types.ts';
import { redactPersonalData, redactPublicName, redactPublicUrl } from './redact.ts';

/**
 * What the public transparency database shows. Built here, in one place, so that every path to
 * publication passes the same redaction: requests by authorities, notices by trusted flaggers and
 * rights holders, and platforms' statements of reasons. Public reporters are private persons and
 * are never published individually.
 */

export interface PublicRecordDraft {
  id: string;
  type: PublicRecordType;
  source_id: string;
  published_at: Date;
  category: string;
  platform: string;
  requester_kind: OrgKind | null;
  body: Record<string, unknown>;
  /** Text the public search matches against. */
  search_text: string;
}

const NOTICE_RECORD_TYPE: Partial<Record<OrgKind, PublicRecordType>> = {
  authority: 'authority_request',
  trusted_flagger: 'trusted_flagger_notice',
  rights_holder: 'rights_holder_notice',
};

/**
 * One record per platform the notice reaches, so the public can filter by platform. Its items
 * (truncated URL, content key) get their case ids when stored, in the same statement as the cases.
 */
export function publicRecordsForNotice(notice: NoticeDraft, requester: { kind: OrgKind; name: string }): (PublicRecordDraft & { items: { content_key: string; url: string }[] })[] {
  const type = NOTICE_RECORD_TYPE[requester.kind];
  if (!type) return [];
  const byPlatform = new Map<string, NoticeDraft['items']>();
  for (const item of notice.items) {
    const list = byPlatform.get(item.platform) ?? [];
    list.push(item);
    byPlatform.set(item.platform, list);
  }
  const explanation = redactPersonalData(notice.explanation);
  const legalBasis = notice.legal_basis ? (publicValue('legal_basis', notice.legal_basis) as Record<string, string>) : null;
  const requesterName = redactPublicName(requester.name);
  return [...byPlatform]
    .map(([platform, items]) => ({
      id: uuidv7(notice.received_at.getTime()),
      type,
      source_id: notice.id,
      published_at: notice.received_at,
      category: notice.category,
      platform,
      requester_kind: requester.kind,
      body: {
        requester: { kind: requester.kind, name: requesterName },
        notice_id: notice.id,
        category: notice.category,
        category_specification: notice.category_specification,
        legal_basis: legalBasis,
        explanation,
        content_language: notice.content_language,
        urgency: notice.urgency,
        received_at: notice.received_at.toISOString(),
        due_at: notice.due_at.toISOString(),
        // Only how many images the items carried: never the images, their addresses or hashes
        // (a published hash helps an adversary test evasions). Absent when none, so records of
        // notices without images keep the shape they always had.
        ...imagesAttached(items),
      },
      items: items.map((i) => ({ content_key: i.content_key, url: truncateCanonicalUrl(i.canonical_url) })),
    }))
    .map((r) => ({ ...r, search_text: searchTextOf(r.body) }));
}

function imagesAttached(items: NoticeDraft['items']): { images_attached?: number } {
  const n = items.reduce((sum, i) => sum + (i.images?.length ?? 0), 0);
  return n > 0 ? { images_attached: n } : {};
}

/**
 * Members of a published body that minhbach itself makes (ids, times, enums it chose): shown as
 * they are. Everything else is text someone typed, and passes through publicValue.
 */
// fact_check_id: the id of a fact-check on the case, checked by the server (fact-check.service.ts).
const SERVER_MADE: ReadonlySet<string> = new Set(['uuid', 'case_id', 'created_at', 'method', 'source_type', 'outcome', 'content_url', 'fact_check_id']);
/** Members that should hold a URL: shown like a reported URL, host and route only. */
const URL_MEMBERS: ReadonlySet<string> = new Set(['decision_ground_reference_url']);
/** Organization names (one, or several joined by statementSource), capped at these lengths. */
const NAME_MEMBERS: Readonly<Record<string, number>> = { platform_name: 200, source_identity: 500 };
/** Keys of a content_id (identifier types) or legal_basis are free text too, but short. */
const MAX_IDENTIFIER_TYPE = 100;
/** content_id's EAN-13 is validated (statement-of-reasons.ts): a product's code, never a person's. */
const EAN_13 = /^\d{13}$/;

/**
 * The public form of one member of a body, whatever a platform or submitter put in it: URLs
 * truncated, names redacted and capped, every other string redacted, arrays member by member, and
 * objects (content_id, legal_basis) with their keys redacted as well and each value shown as a
 * truncated URL if it is one, else redacted.
 */
export function publicValue(key: string, value: unknown, nested = false): unknown {
  if (typeof value === 'string') {
    if (nested) return key === 'EAN-13' && EAN_13.test(value) ? value : redactPublicUrl(value);
    if (SERVER_MADE.has(key)) return value;
    if (URL_MEMBERS.has(key)) return redactPublicUrl(value);
    const nameLength = Object.hasOwn(NAME_MEMBERS, key) ? NAME_MEMBERS[key] : undefined;
    return nameLength === undefined ? redactPersonalData(value) : redactPublicName(value, nameLength);
  }
  if (Array.isArray(value)) return value.map((item: unknown) => publicValue(key, item, nested));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactPublicName(k, MAX_IDENTIFIER_TYPE), publicValue(k, v, true)]));
  }
  return value;
}

/**
 * A platform's decision: a statement of reasons, or a reasoned refusal to act (`no_action`), which
 * is published too — a declined authority request is exactly what the public should see.
 */
export function publicRecordForDecision(args: {
  decisionId: string;
  caseId: string;
  platform: string;
  platformName: string;
  canonicalUrl: string;
  statement: Record<string, unknown>;
  createdAt: Date;
  outcome?: 'restriction' | 'no_action';
}): PublicRecordDraft {
  // Every member, the free text a platform writes and the names and URLs it gives alike.
  // `appeal` (a decision on an appeal, appeal-outcome.ts) is server-made: its ids kept, nothing else.
  const body: Record<string, unknown> = Object.fromEntries(
    Object.entries(args.statement).map(([key, value]) => [key, key === 'appeal' ? publicAppealLink(value) : publicValue(key, value)]),
  );
  Object.assign(body, {
    uuid: args.decisionId,
    case_id: args.caseId,
    platform_name: redactPublicName(args.platformName),
    content_url: truncateCanonicalUrl(args.canonicalUrl),
    created_at: args.createdAt.toISOString(),
  });
  return {
    id: uuidv7(args.createdAt.getTime()),
    type: args.outcome === 'no_action' ? 'no_action_decision' : 'statement_of_reasons',
    source_id: args.decisionId,
    published_at: args.createdAt,
    category: String(args.statement.category),
    platform: args.platform,
    requester_kind: null,
    body,
    search_text: searchTextOf(body),
  };
}

/**
 * The published tombstone of a withdrawn record (a court order, personal data published by
 * mistake). The withdrawn record keeps its place in the log; this record says why its body went.
 */
export function publicRecordForWithdrawal(args: {
  withdrawnId: string;
  withdrawnType: string;
  category: string;
  platform: string;
  reason: string;
  legalBasis: string | null;
  at: Date;
}): PublicRecordDraft {
  const reason = redactPersonalData(args.reason);
  const legalBasis = args.legalBasis === null ? null : redactPersonalData(args.legalBasis);
  return {
    id: uuidv7(args.at.getTime()),
    type: 'withdrawal',
    source_id: args.withdrawnId,
    published_at: args.at,
    category: args.category,
    platform: args.platform,
    requester_kind: null,
    body: { withdrawn_record_id: args.withdrawnId, withdrawn_record_type: args.withdrawnType, reason, legal_basis: legalBasis },
    search_text: searchTextOf({ reason, legal_basis: legalBasis }),
  };
}

/** The members of a published body that search reads: who asked, on what grounds, what and why. */
const SEARCHED = [
  'requester',
  'category',
  'category_specification',
  'legal_basis',
  'explanation',
  'platform_name',
  'decision_ground',
  'decision_facts',
  'illegal_content_legal_ground',
  'incompatible_content_ground',
  'reason',
] as const;

/**
 * The text a record is found by, from its published body alone (so the search of records
 * published long ago can be rebuilt from what was published: src/db/migrate.ts). A member's
 * strings count, and those one level down (`requester.name`, `legal_basis.instrument`), not a
 * requester's kind.
 */
export function searchTextOf(body: Record<string, unknown>): string {
  const out: string[] = [];
  const add = (v: unknown, deep: boolean) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach((x) => add(x, false));
    else if (deep && v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'kind') add(x, false);
  };
  for (const key of SEARCHED) add(body[key], true);
  return out.join(' ');
}
