import {
  assertCounterNoticeAllowed,
  assertWithinWaitingPeriod,
  checkCounterNotice,
  checkCourtFiling,
  counterNoticeRefusal,
  counterNoticeWaitUntil,
  type CounterNoticeInput,
  type CounterNoticeRefusal,
  type CounterNoticeStatus,
  type CourtFilingInput,
} from '../core/counter-notice.ts';
import { publicRecordForCounterNotice, publicRecordForCounterNoticeOutcome } from '../core/counter-notice-record.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { sealPublicRecord } from '../core/public-record-document.ts';
import type { Db } from '../db/db.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { findCase } from '../repositories/case.repository.ts';
import {
  counterNoticeCaseFacts,
  findCounterNotice,
  findCounterNoticeOfDecision,
  insertCounterNotice,
  listCounterNoticesOfCase,
  recordCourtFiling,
  type CounterNoticeRow,
} from '../repositories/counter-notice.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import { loadVisibleCase } from './case.service.ts';
import type { ServiceContext } from './context.ts';
import { resolveStatementLink, type ResolvedStatementLink } from './statement-link.service.ts';

/** The deployment's rule (config.ts: MINHBACH_COUNTER_NOTICE_WAIT_DAYS). */
export interface CounterNoticeSettings {
  waitDays: number;
}

/** A counter-notice as its uploader sees it on the statement page: where it stands, nothing of what was sent. */
export interface CounterNoticeProgress {
  id: string;
  status: CounterNoticeStatus;
  filed_at: string;
  wait_until: string;
  resolved_at: string | null;
  public_record_id: string;
  outcome_record_id: string | null;
}

function progressOf(k: CounterNoticeRow): CounterNoticeProgress {
  return {
    id: k.id,
    status: k.status,
    filed_at: k.created_at.toISOString(),
    wait_until: k.wait_until.toISOString(),
    resolved_at: k.resolved_at?.toISOString() ?? null,
    public_record_id: k.public_record_id,
    outcome_record_id: k.outcome_record_id,
  };
}

async function subjectOf(db: Db, link: ResolvedStatementLink, caseStatus: ResolvedStatementLink['case_status']) {
  const [facts, existing] = await Promise.all([counterNoticeCaseFacts(db, link.case_id), findCounterNoticeOfDecision(db, link.decision_id)]);
  return {
    facts,
    existing,
    subject: {
      outcome: link.outcome,
      decision_id: link.decision_id,
      latest_decision_id: facts.latest_decision_id,
      case_status: caseStatus as never,
      rights_holders: facts.rights_holder_org_ids.length,
      existing: existing !== null,
    },
  };
}

/**
 * What the statement page shows about counter-notices: whether one may be filed on this decision
 * (and why not, as a code the page translates), the waiting period, and the one filed, if any.
 */
export async function counterNoticeForStatement(
  ctx: ServiceContext,
  token: string,
  settings: CounterNoticeSettings,
): Promise<{ allowed: boolean; refusal: CounterNoticeRefusal | null; waiting_period_days: number; counter_notice: CounterNoticeProgress | null }> {
  const link = await resolveStatementLink(ctx.db, token);
  const { subject, existing } = await subjectOf(ctx.db, link, link.case_status);
  const refusal = counterNoticeRefusal(subject);
  return { allowed: refusal === null, refusal, waiting_period_days: settings.waitDays, counter_notice: existing ? progressOf(existing) : null };
}

/**
 * The uploader files a counter-notice through the decision's statement link (no account). In one
 * transaction, under the case's row lock: the rule (a restriction, on a rights holder's notice,
 * still the latest decision, none filed yet), the counter-notice with the uploader's contact, its
 * public record (no personal data), the timeline's `counter_notice_received` and
 * `counter_notice_forwarded`, and `counter_notice.received` in the outbox: the rights holders read
 * it on the case from this commit, and are e-mailed and called from the outbox.
 */
export async function fileCounterNotice(ctx: ServiceContext, token: string, input: CounterNoticeInput, settings: CounterNoticeSettings): Promise<CounterNoticeProgress> {
  return ctx.db.transaction(async (tx) => {
    const link = await resolveStatementLink(tx, token);
    const c = await findCase(tx, link.case_id, { forUpdate: true });
    if (!c) throw AppError.notFound('Statement');
    const { subject } = await subjectOf(tx, link, c.status);
    assertCounterNoticeAllowed(subject);
    const checked = checkCounterNotice(input);
    const at = ctx.now();
    const id = uuidv7(at.getTime());
    const waitUntil = counterNoticeWaitUntil(at, settings.waitDays);
    const record = sealPublicRecord(
      publicRecordForCounterNotice({
        counterNoticeId: id,
        caseId: c.id,
        decisionId: link.decision_id,
        decisionRecordId: link.public_record_id,
        platform: c.platform,
        category: c.category,
        filedAt: at,
        waitUntil,
        waitDays: settings.waitDays,
      }),
    );
    const inserted = await insertCounterNotice(tx, {
      id,
      case_id: c.id,
      decision_id: link.decision_id,
      statement_link_id: link.id,
      contact_name: checked.contact_name,
      contact_email: checked.contact_email,
      statement_text: checked.statement,
      created_at: at,
      wait_days: settings.waitDays,
      wait_until: waitUntil,
      public_record_id: record.id,
    });
    if (!inserted) assertCounterNoticeAllowed({ ...subject, existing: true });
    await insertPublicRecords(tx, [record]);
    const data = { counter_notice_id: id, decision_id: link.decision_id, wait_until: waitUntil.toISOString(), public_record_id: record.id };
    await insertCaseEvents(tx, [
      { id: uuidv7(at.getTime()), case_id: c.id, at, actor_org_id: null, type: 'counter_notice_received', data },
      { id: uuidv7(at.getTime()), case_id: c.id, at, actor_org_id: null, type: 'counter_notice_forwarded', data: { ...data, rights_holders: subject.rights_holders } },
    ]);
    await appendEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        type: 'counter_notice.received',
        at,
        org_id: null,
        case_id: c.id,
        data: { ...data, case_id: c.id, platform: c.platform, category: c.category },
      },
    ]);
    return {
      id,
      status: 'forwarded' as const,
      filed_at: at.toISOString(),
      wait_until: waitUntil.toISOString(),
      resolved_at: null,
      public_record_id: record.id,
      outcome_record_id: null,
    };
  });
}

/** A counter-notice on the case page. The uploader's contact and statement only to the case's rights holders. */
export interface CounterNoticeView extends CounterNoticeProgress {
  case_id: string;
  decision_id: string;
  /** Only for a rights holder with a notice on the case: whom to take to court. */
  uploader: { name: string; email: string; statement: string } | null;
  /** The court filing shown, if any; its court and number for the rights holders and the platform only. */
  court_filing: { shown_at: string; filed_at: string | null; reference: string | null; court: string | null } | null;
}

/**
 * The counter-notices of a case, for whoever may see the case (others: 404). The rights holders
 * with a notice on it see the uploader's contact and statement (they need them to go to court);
 * the platform sees where each stands and the court filing, since it must keep or restore the
 * content; other submitters see where each stands.
 */
export async function listCounterNotices(ctx: ServiceContext, actor: Actor, caseId: string): Promise<{ items: CounterNoticeView[] }> {
  const c = await loadVisibleCase(ctx.db, actor, caseId);
  const [rows, facts] = await Promise.all([listCounterNoticesOfCase(ctx.db, c.id), counterNoticeCaseFacts(ctx.db, c.id)]);
  const isRightsHolder = actor.kind === 'rights_holder' && facts.rights_holder_org_ids.includes(actor.orgId);
  const seesFiling = isRightsHolder || actor.kind === 'platform';
  return {
    items: rows.map((k) => ({
      ...progressOf(k),
      case_id: k.case_id,
      decision_id: k.decision_id,
      // Cleared once the counter-notice ended long enough ago (personal-data-retention.ts): then nobody sees it.
      uploader: isRightsHolder && !k.personal_data_purged_at ? { name: k.contact_name, email: k.contact_email, statement: k.statement_text } : null,
      court_filing: k.court_filing_at
        ? {
            shown_at: k.court_filing_at.toISOString(),
            filed_at: seesFiling ? (k.court_filing_filed_at?.toISOString() ?? null) : null,
            reference: seesFiling ? k.court_filing_reference : null,
            court: seesFiling ? k.court_filing_court : null,
          }
        : null,
    })),
  };
}

/**
 * A rights holder with a notice on the case shows that it took the matter to court, before the
 * waiting period ends: the counter-notice ends as `court_action` and the restriction stays. Any
 * other organization is told nothing of the counter-notice (404). Published: that a filing was
 * shown, and when; never its court or number.
 */
export async function showCourtFiling(ctx: ServiceContext, actor: Actor, counterNoticeId: string, input: CourtFilingInput): Promise<CounterNoticeView> {
  if (actor.kind !== 'rights_holder') throw new AppError('forbidden', 'Only a rights holder whose notice is on the case can show a court filing');
  const found = isUuid(counterNoticeId) ? await findCounterNotice(ctx.db, counterNoticeId) : null;
  if (!found || !(await counterNoticeCaseFacts(ctx.db, found.case_id)).rights_holder_org_ids.includes(actor.orgId)) throw AppError.notFound('Counter-notice');
  return ctx.db.transaction(async (tx) => {
    // The case first, then the counter-notice: the order every writer of a case keeps.
    const c = await findCase(tx, found.case_id, { forUpdate: true });
    const k = await findCounterNotice(tx, found.id, { forUpdate: true });
    if (!c || !k) throw AppError.notFound('Counter-notice');
    const at = ctx.now();
    assertWithinWaitingPeriod(k.status, k.wait_until, at);
    const filing = checkCourtFiling(input, at);
    const record = sealPublicRecord(
      publicRecordForCounterNoticeOutcome({
        counterNoticeId: k.id,
        counterNoticeRecordId: k.public_record_id,
        caseId: c.id,
        decisionId: k.decision_id,
        platform: c.platform,
        category: c.category,
        outcome: 'court_action',
        at,
        waitUntil: k.wait_until,
      }),
    );
    await insertPublicRecords(tx, [record]);
    await recordCourtFiling(tx, k.id, {
      at,
      filed_at: filing.filed_at,
      reference: filing.reference,
      court: filing.court,
      org_id: actor.orgId,
      person_id: actor.personId,
      key_id: actor.keyId,
      outcome_record_id: record.id,
    });
    const data = { counter_notice_id: k.id, decision_id: k.decision_id, outcome_record_id: record.id };
    await insertCaseEvents(tx, [
      { id: uuidv7(at.getTime()), case_id: c.id, at, actor_org_id: actor.orgId, actor_person_id: actor.personId, actor_key_id: actor.keyId, type: 'court_action_shown', data },
    ]);
    await appendEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        type: 'counter_notice.court_action',
        at,
        org_id: actor.orgId,
        case_id: c.id,
        data: { ...data, case_id: c.id, platform: c.platform, category: c.category },
      },
    ]);
    const updated = (await findCounterNotice(tx, k.id))!;
    return {
      ...progressOf(updated),
      case_id: updated.case_id,
      decision_id: updated.decision_id,
      uploader: { name: updated.contact_name, email: updated.contact_email, statement: updated.statement_text },
      court_filing: {
        shown_at: at.toISOString(),
        filed_at: filing.filed_at.toISOString(),
        reference: filing.reference,
        court: filing.court,
      },
    };
  });
}
