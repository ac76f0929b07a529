import { uuidv7 } from './ids.ts';
import type { NoticeDraft } from './notice.ts';
import type { OrgKind, Platform } from './organization.ts';
import { truncateCanonicalUrl } from './public-url.ts';
import { redactPersonalData } from './redact.ts';

/**
 * What the public transparency database shows. Built here, in one place, so that every path to
 * publication passes the same redaction: requests by authorities, notices by trusted flaggers and
 * rights holders, and platforms' statements of reasons. Public reporters are private persons and
 * are never published individually.
 */
export const PUBLIC_RECORD_TYPES = ['authority_request', 'trusted_flagger_notice', 'rights_holder_notice', 'statement_of_reasons', 'no_action_decision', 'withdrawal'] as const;
export type PublicRecordType = (typeof PUBLIC_RECORD_TYPES)[number];

export interface PublicRecordDraft {
  id: string;
  type: PublicRecordType;
  source_id: string;
  published_at: Date;
  category: string;
  platform: Platform;
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
export function publicRecordsForNotice(
  notice: NoticeDraft,
  requester: { kind: OrgKind; name: string },
): (PublicRecordDraft & { items: { content_key: string; url: string }[] })[] {
  const type = NOTICE_RECORD_TYPE[requester.kind];
  if (!type) return [];
  const byPlatform = new Map<Platform, NoticeDraft['items']>();
  for (const item of notice.items) {
    const list = byPlatform.get(item.platform) ?? [];
    list.push(item);
    byPlatform.set(item.platform, list);
  }
  const explanation = redactPersonalData(notice.explanation);
  const legalBasis = notice.legal_basis
    ? Object.fromEntries(Object.entries(notice.legal_basis).map(([k, v]) => [k, redactPersonalData(String(v))]))
    : null;
  return [...byPlatform].map(([platform, items]) => ({
    id: uuidv7(notice.received_at.getTime()),
    type,
    source_id: notice.id,
    published_at: notice.received_at,
    category: notice.category,
    platform,
    requester_kind: requester.kind,
    body: {
      requester: { kind: requester.kind, name: requester.name },
      notice_id: notice.id,
      category: notice.category,
      category_specification: notice.category_specification,
      legal_basis: legalBasis,
      explanation,
      content_language: notice.content_language,
      urgency: notice.urgency,
      received_at: notice.received_at.toISOString(),
      due_at: notice.due_at.toISOString(),
    },
    items: items.map((i) => ({ content_key: i.content_key, url: truncateCanonicalUrl(i.canonical_url) })),
    search_text: [requester.name, notice.category, ...notice.category_specification, legalBasis?.instrument ?? '', legalBasis?.provision ?? '', explanation].join(' '),
  }));
}

/** Free-text fields of a statement of reasons that a platform writes and that may name people. */
const SOR_FREE_TEXT = [
  'decision_facts',
  'illegal_content_legal_ground',
  'illegal_content_explanation',
  'incompatible_content_ground',
  'incompatible_content_explanation',
  'decision_visibility_other',
  'decision_monetary_other',
  'content_type_other',
  'category_specification_other',
  'source_identity',
] as const;

/**
 * A platform's decision: a statement of reasons, or a reasoned refusal to act (`no_action`), which
 * is published too — a declined authority request is exactly what the public should see.
 */
export function publicRecordForDecision(args: {
  decisionId: string;
  caseId: string;
  platform: Platform;
  platformName: string;
  canonicalUrl: string;
  statement: Record<string, unknown>;
  createdAt: Date;
  outcome?: 'restriction' | 'no_action';
}): PublicRecordDraft {
  const body: Record<string, unknown> = { ...args.statement };
  for (const f of SOR_FREE_TEXT) if (typeof body[f] === 'string') body[f] = redactPersonalData(body[f] as string);
  Object.assign(body, {
    uuid: args.decisionId,
    case_id: args.caseId,
    platform_name: args.platformName,
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
    search_text: [args.platformName, body.category, body.decision_ground, body.decision_facts, body.illegal_content_legal_ground, body.incompatible_content_ground]
      .filter((x) => typeof x === 'string')
      .join(' '),
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
  platform: Platform;
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
    search_text: [reason, legalBasis ?? ''].join(' '),
  };
}
