import { affectedUserAppealDeadline } from './affected-user-statement.ts';
import type { OrgKind } from './organization.ts';
import { publicValue } from './public-record.ts';
import { truncateCanonicalUrl } from './public-url.ts';
import { redactPublicName } from './redact.ts';

/**
 * The affected user's statement as the page shows it, built from the decision, its case and the
 * case's notices (the rules of what may be shown are in affected-user-statement.ts's comment):
 * the platform's texts as published (`publicValue`), the content's URL as published, authorities
 * named with their legal basis, everyone else by kind only. Pure.
 */

/** Who sent a notice on the case, as the page may say it. */
export type RequesterKind = 'trusted_flagger' | 'rights_holder' | 'public_reporter' | 'other';

export interface StatementInputs {
  decision: { id: string; outcome: 'restriction' | 'no_action'; statement: Record<string, unknown>; decided_at: Date };
  case: { platform: string; platform_name: string; canonical_url: string; category: string; status: string };
  /** The notices on the case (the service passes them all; those after the decision are left out here). */
  notices: readonly { kind: string; name: string; legal_basis: Record<string, string> | null; created_at: Date }[];
  /** Decisions on the same case after this one (an appeal's outcome), oldest first. */
  later_decisions: readonly { outcome: 'restriction' | 'no_action'; decided_at: Date }[];
  public_record: { id: string; log_index: number | null } | null;
  /** The deadline of an answer to an appeal (the SLA policy `applies_to: appeal`). */
  appeal_answer_hours: number;
  now: Date;
}

const text = (statement: Record<string, unknown>, key: string): string | null => {
  const v = statement[key];
  return typeof v === 'string' && v !== '' ? (publicValue(key, v) as string) : null;
};
const list = (statement: Record<string, unknown>, key: string): string[] => {
  const v = statement[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};
/** Values the platform picked from the DSA's lists: shown as codes (the page names them), never free text. */
const code = (statement: Record<string, unknown>, key: string): string | null => {
  const v = statement[key];
  return typeof v === 'string' && /^[A-Z0-9_]+$/.test(v) ? v : null;
};
const date = (statement: Record<string, unknown>, key: string): string | null => {
  const v = statement[key];
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
};

const KIND_ORDER: readonly RequesterKind[] = ['trusted_flagger', 'rights_holder', 'public_reporter', 'other'];

function requesterKind(kind: string): RequesterKind {
  return kind === 'trusted_flagger' || kind === 'rights_holder' || kind === 'public_reporter' ? kind : 'other';
}

export function affectedUserStatement(i: StatementInputs) {
  const s = i.decision.statement;
  const restriction = i.decision.outcome === 'restriction';
  const before = i.notices.filter((n) => n.created_at.getTime() <= i.decision.decided_at.getTime());
  // Each authority once, named as its published requests name it, with each legal basis it gave.
  const authorities = new Map<string, { name: string; legal_bases: Record<string, string>[] }>();
  for (const n of before) {
    if (n.kind !== ('authority' satisfies OrgKind)) continue;
    const name = redactPublicName(n.name);
    const entry = authorities.get(name) ?? { name, legal_bases: [] };
    if (n.legal_basis) {
      const basis = publicValue('legal_basis', n.legal_basis) as Record<string, string>;
      if (!entry.legal_bases.some((b) => JSON.stringify(b) === JSON.stringify(basis))) entry.legal_bases.push(basis);
    }
    authorities.set(name, entry);
  }
  const otherKinds = new Set(before.filter((n) => n.kind !== 'authority').map((n) => requesterKind(n.kind)));
  const automatedDetection = s.automated_detection === 'Yes' ? true : s.automated_detection === 'No' ? false : null;
  const newer = i.later_decisions.at(-1) ?? null;
  const appealDeadline = affectedUserAppealDeadline(i.decision.decided_at);
  const ground = code(s, 'decision_ground');
  return {
    decision_id: i.decision.id,
    decided_at: i.decision.decided_at.toISOString(),
    platform: i.case.platform,
    platform_name: redactPublicName(i.case.platform_name),
    /** What was done. */
    outcome: i.decision.outcome,
    restrictions: {
      visibility: list(s, 'decision_visibility'),
      visibility_other: text(s, 'decision_visibility_other'),
      visibility_end_date: date(s, 'end_date_visibility_restriction'),
      account: code(s, 'decision_account'),
      account_end_date: date(s, 'end_date_account_restriction'),
      monetary: code(s, 'decision_monetary'),
      monetary_other: text(s, 'decision_monetary_other'),
      monetary_end_date: date(s, 'end_date_monetary_restriction'),
      provision: code(s, 'decision_provision'),
      provision_end_date: date(s, 'end_date_service_restriction'),
      territorial_scope: list(s, 'territorial_scope'),
    },
    /** To which content. */
    content: {
      url: truncateCanonicalUrl(i.case.canonical_url),
      content_type: list(s, 'content_type'),
      content_date: date(s, 'content_date'),
    },
    /** Why: the ground, and the rule or law it rests on. */
    ground: {
      decision_ground: restriction ? ground : null,
      illegal_content_legal_ground: text(s, 'illegal_content_legal_ground'),
      illegal_content_explanation: text(s, 'illegal_content_explanation'),
      incompatible_content_ground: text(s, 'incompatible_content_ground'),
      incompatible_content_explanation: text(s, 'incompatible_content_explanation'),
      incompatible_content_illegal: s.incompatible_content_illegal === 'Yes' ? true : s.incompatible_content_illegal === 'No' ? false : null,
      reference_url: text(s, 'decision_ground_reference_url'),
      facts: text(s, 'decision_facts'),
    },
    category: restriction ? (code(s, 'category') ?? i.case.category) : i.case.category,
    category_specification: list(s, 'category_specification'),
    /** Who asked for it: authorities by name with their legal basis; everyone else by kind only. */
    requested_by: {
      authority_request: authorities.size > 0,
      authorities: [...authorities.values()],
      others: KIND_ORDER.filter((k) => otherKinds.has(k)),
      platform_own_initiative: before.length === 0,
    },
    /** Whether automation found or decided it; null when the platform does not say (an answer without action). */
    automation: {
      automated_detection: restriction ? automatedDetection : null,
      automated_decision: restriction ? code(s, 'automated_decision') : null,
    },
    /** How to appeal, and until when. */
    appeal: {
      deadline: appealDeadline.toISOString(),
      open: i.now.getTime() <= appealDeadline.getTime(),
      answer_within_hours: i.appeal_answer_hours,
    },
    /** Where the case stands now: appealed, or decided again (restored, when the later decision lifted the restriction). */
    case_status: i.case.status,
    newer_decision: newer ? { outcome: newer.outcome, decided_at: newer.decided_at.toISOString(), restored: restriction && newer.outcome === 'no_action' } : null,
    public_record: i.public_record,
  };
}

export type AffectedUserStatement = ReturnType<typeof affectedUserStatement>;
