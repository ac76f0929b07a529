import { OPEN_STATUSES, type CaseStatus } from '../core/case-state.ts';
import { RESTORATION_DEADLINE_MS } from '../core/counter-notice.ts';
import { publicRecordForCounterNoticeOutcome } from '../core/counter-notice-record.ts';
import type { DomainEvent } from '../core/events.ts';
import { uuidv7 } from '../core/ids.ts';
import { sealPublicRecord } from '../core/public-record-document.ts';
import { insertCaseEvents, type CaseEventRow } from '../repositories/case-event.repository.ts';
import { findCase, updateCaseStatus } from '../repositories/case.repository.ts';
import { claimDueCounterNotices, counterNoticeCaseFacts, markContentRestored } from '../repositories/counter-notice.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import type { ServiceContext } from './context.ts';

export const COUNTER_NOTICE_SWEEP_BATCH = 100;

/**
 * Ends the waiting periods that ran out with no court filing shown. One transaction per batch,
 * per counter-notice: marks it `content_restored`, publishes its `counter_notice_outcome`
 * (restored), records `content_restored` on the case's timeline and appends
 * `counter_notice.restoration_due`, which tells the platform (webhooks) that it must restore the
 * content. minhbach cannot restore it: a case still answered by the decision the counter-notice
 * contested goes back to review with a deadline of `RESTORATION_DEADLINE_MS`, so the platform
 * owes a new decision (restoring the content, and published) and the deadline sweep escalates it
 * if none comes; a case already open has its deadline brought forward to it. Idempotent and safe
 * with many workers: rows are claimed with their cases `FOR UPDATE SKIP LOCKED` and only while
 * `forwarded`. Returns how many it ended; the worker calls it periodically.
 */
export async function sweepCounterNotices(ctx: ServiceContext, options: { limit?: number } = {}): Promise<number> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const due = await claimDueCounterNotices(tx, now, options.limit ?? COUNTER_NOTICE_SWEEP_BATCH);
    const t = now.getTime();
    const timeline: CaseEventRow[] = [];
    const events: DomainEvent[] = [];
    for (const k of due) {
      const c = (await findCase(tx, k.case_id))!;
      const { latest_decision_id } = await counterNoticeCaseFacts(tx, c.id);
      const restoreBy = new Date(t + RESTORATION_DEADLINE_MS);
      let to: CaseStatus = c.status;
      let dueAt = c.due_at;
      if ((c.status === 'decided' || c.status === 'closed') && latest_decision_id === k.decision_id) {
        to = 'in_review';
        dueAt = restoreBy;
      } else if (OPEN_STATUSES.includes(c.status)) {
        dueAt = c.due_at && c.due_at.getTime() < restoreBy.getTime() ? c.due_at : restoreBy;
      }
      // A case merged away or decided anew since: that decision answers for the content now; the
      // platform is still told the counter-notice's period ended.
      if (to !== c.status || dueAt !== c.due_at) await updateCaseStatus(tx, c, { status: to, due_at: dueAt, at: now });
      const record = sealPublicRecord(
        publicRecordForCounterNoticeOutcome({
          counterNoticeId: k.id,
          counterNoticeRecordId: k.public_record_id,
          caseId: c.id,
          decisionId: k.decision_id,
          platform: k.platform,
          category: k.category,
          outcome: 'restored',
          at: now,
          waitUntil: k.wait_until,
        }),
      );
      await insertPublicRecords(tx, [record]);
      await markContentRestored(tx, k.id, now, record.id);
      const data = {
        counter_notice_id: k.id,
        decision_id: k.decision_id,
        outcome_record_id: record.id,
        from: c.status,
        to,
        due_at: dueAt?.toISOString() ?? null,
      };
      timeline.push({ id: uuidv7(t), case_id: c.id, at: now, actor_org_id: null, type: 'content_restored', data });
      events.push({
        id: uuidv7(t),
        type: 'counter_notice.restoration_due',
        at: now,
        org_id: null,
        case_id: c.id,
        data: { ...data, case_id: c.id, platform: k.platform, category: k.category, status: to },
      });
    }
    await insertCaseEvents(tx, timeline);
    await appendEvents(tx, events);
    return due.length;
  });
}
