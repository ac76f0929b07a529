import { AppError } from '../core/errors.ts';
import type { DomainEvent } from '../core/events.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import { checkAddition, checkOpenForAdditions } from '../core/notice-addition.ts';
import { caseAfterWithdrawal, checkNotWithdrawn, withdrawalReason } from '../core/notice-withdrawal.ts';
import { isSubmitterKind, type Actor } from '../core/organization.ts';
import { can, roleFor } from '../core/policy.ts';
import type { Db } from '../db/db.ts';
import { insertCaseEvents, type CaseEventRow } from '../repositories/case-event.repository.ts';
import {
  countActiveNotices,
  findWithdrawal,
  insertAddition,
  insertWithdrawal,
  listNoticeUpdates,
  lockCasesForNotice,
  lockOwnNotice,
  noticeCaseIds,
  touchCases,
  type LockedCase,
  type OwnNotice,
} from '../repositories/notice-update.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import type { ServiceContext } from './context.ts';

/**
 * A submitter's own notice, locked, or "not found": another organization's notice is nobody's
 * business here, and a platform files no notices.
 */
async function ownNotice(tx: Db, actor: Actor, noticeId: string): Promise<OwnNotice> {
  if (!can(actor, 'notice.submit')) throw new AppError('forbidden', `Changing a notice needs the ${roleFor('notice.submit')} role`);
  const n = isUuid(noticeId) && isSubmitterKind(actor.kind) ? await lockOwnNotice(tx, actor.orgId, noticeId) : null;
  if (!n) throw AppError.notFound('Notice');
  return n;
}

/**
 * Locks the cases the notice is on. Its items are read before the locks, and a merge may move them
 * meanwhile (to the surviving case, under both cases' locks): so they are read again once locked,
 * and any case they moved to is locked too. The merged case is left out (nothing happens on it).
 */
async function lockNoticeCases(tx: Db, noticeId: string): Promise<LockedCase[]> {
  const locked = new Map<string, LockedCase>();
  for (let round = 0; round < 5; round++) {
    const ids = await noticeCaseIds(tx, noticeId);
    const missing = ids.filter((id) => !locked.has(id));
    if (missing.length === 0) return ids.map((id) => locked.get(id)!);
    for (const c of await lockCasesForNotice(tx, missing)) locked.set(c.id, c);
  }
  throw new AppError('conflict', 'The cases of this notice are being merged right now; try again in a moment');
}

/**
 * A submitter adds information to its own notice after filing it (issue 13): a text and URLs as
 * evidence (src/core/notice-addition.ts). Stored beside the notice, which stays as filed; shown to
 * the platform on each case the notice is on (`notices[].additions`), on each case's timeline
 * (`notice_information_added`, naming who), and told to the platform by `notice.updated` in the
 * outbox — without the text: events leave the system, and the platform reads it on the case.
 */
export async function addNoticeInformation(ctx: ServiceContext, actor: Actor, noticeId: string, input: { text: string; urls?: string[] }) {
  const checked = checkAddition(input);
  return ctx.db.transaction(async (tx) => {
    const n = await ownNotice(tx, actor, noticeId);
    checkOpenForAdditions(await findWithdrawal(tx, n.id));
    const cases = await lockNoticeCases(tx, n.id);
    const at = ctx.now();
    const id = uuidv7(at.getTime());
    await insertAddition(tx, {
      id,
      notice_id: n.id,
      organization_id: actor.orgId,
      added_by_person: actor.personId,
      added_by_key: actor.keyId,
      ...checked,
      created_at: at,
    });
    await touchCases(
      tx,
      cases.map((c) => c.id),
      [],
      at,
    );
    const by = { actor_org_id: actor.orgId, actor_person_id: actor.personId, actor_key_id: actor.keyId };
    await insertCaseEvents(
      tx,
      cases.map((c) => ({
        id: uuidv7(at.getTime()),
        case_id: c.id,
        at,
        ...by,
        type: 'notice_information_added',
        data: { notice_id: n.id, addition_id: id, urls: checked.urls.length },
      })),
    );
    await appendEvents(
      tx,
      cases.map((c) => ({
        id: uuidv7(at.getTime()),
        type: 'notice.updated',
        at,
        org_id: actor.orgId,
        case_id: c.id,
        data: {
          notice_id: n.id,
          case_id: c.id,
          platform: c.platform,
          change: 'information_added',
          addition_id: id,
          url_count: checked.urls.length,
          submitter_kind: n.submitter_kind,
        },
      })),
    );
    return { id, notice_id: n.id, text: checked.text, urls: checked.urls, added_at: at.toISOString(), case_ids: cases.map((c) => c.id) };
  });
}

/**
 * A submitter withdraws its own notice, saying why (src/core/notice-withdrawal.ts). The notice
 * stays on record, marked withdrawn; each case it is on records `notice_withdrawn` on its timeline
 * and `notice.withdrawn` in the outbox. A case left with no notice that is not withdrawn, while it
 * still owed its first answer, no longer owes one: its deadline is cleared (`all_notices_withdrawn`
 * on the timeline, `case.updated` in the outbox). A decided case keeps its decision.
 *
 * Public records are append-only and a published request is not edited; no follow-up record is
 * published for a withdrawal yet (the record types and the log's verifier know of none).
 */
export async function withdrawNotice(ctx: ServiceContext, actor: Actor, noticeId: string, input: { reason: string }) {
  const reason = withdrawalReason(input.reason);
  return ctx.db.transaction(async (tx) => {
    const n = await ownNotice(tx, actor, noticeId);
    checkNotWithdrawn(await findWithdrawal(tx, n.id));
    const cases = await lockNoticeCases(tx, n.id);
    const at = ctx.now();
    await insertWithdrawal(tx, { notice_id: n.id, organization_id: actor.orgId, withdrawn_by_person: actor.personId, withdrawn_by_key: actor.keyId, reason, created_at: at });
    const active = await countActiveNotices(
      tx,
      cases.map((c) => c.id),
    );
    const after = cases.map((c) => ({ c, effect: caseAfterWithdrawal(c, active.get(c.id) ?? 0) }));
    const cleared = after.filter((a) => a.effect.clear_deadline).map((a) => a.c);
    await touchCases(
      tx,
      cases.map((c) => c.id),
      cleared.map((c) => c.id),
      at,
    );

    const by = { actor_org_id: actor.orgId, actor_person_id: actor.personId, actor_key_id: actor.keyId };
    const timeline: CaseEventRow[] = [];
    const events: DomainEvent[] = [];
    for (const { c, effect } of after) {
      const dueAt = effect.clear_deadline ? null : (c.due_at?.toISOString() ?? null);
      timeline.push({ id: uuidv7(at.getTime()), case_id: c.id, at, ...by, type: 'notice_withdrawn', data: { notice_id: n.id, reason } });
      // The reason is free text: it stays on the timeline, and events leave the system.
      events.push({
        id: uuidv7(at.getTime()),
        type: 'notice.withdrawn',
        at,
        org_id: actor.orgId,
        case_id: c.id,
        data: {
          notice_id: n.id,
          case_id: c.id,
          platform: c.platform,
          submitter_kind: n.submitter_kind,
          case_status: c.status,
          case_due_at: dueAt,
          answer_owed: effect.answer_owed,
        },
      });
      if (effect.clear_deadline) {
        // The system's consequence of the withdrawal, like `reopened_by_notice`: no actor.
        timeline.push({
          id: uuidv7(at.getTime()),
          case_id: c.id,
          at,
          actor_org_id: null,
          type: 'all_notices_withdrawn',
          data: { notice_id: n.id, previous_due_at: c.due_at?.toISOString() ?? null, due_at: null },
        });
        events.push({
          id: uuidv7(at.getTime()),
          type: 'case.updated',
          at,
          org_id: null,
          case_id: c.id,
          data: { case_id: c.id, platform: c.platform, change: 'all_notices_withdrawn', from: c.status, status: c.status, due_at: null },
        });
      }
    }
    await insertCaseEvents(tx, timeline);
    await appendEvents(tx, events);
    return {
      notice_id: n.id,
      withdrawn_at: at.toISOString(),
      reason,
      cases: after.map(({ c, effect }) => ({
        id: c.id,
        platform: c.platform,
        status: c.status,
        due_at: effect.clear_deadline ? null : (c.due_at?.toISOString() ?? null),
        answer_owed: effect.answer_owed,
      })),
    };
  });
}

export interface NoticeUpdatesView {
  withdrawal: { withdrawn_at: string; reason: string } | null;
  additions: { id: string; text: string; urls: string[]; added_at: string }[];
}

/**
 * What was added to or withdrawn from these notices since they were filed, by notice id, for the
 * case page (`GET /api/v1/cases/{id}`: `notices[].withdrawal`, `notices[].additions`). Whoever may
 * see a notice there sees these too: they are its submitter's words to the platform.
 */
export async function noticeUpdatesOf(db: Db, noticeIds: readonly string[]): Promise<(noticeId: string) => NoticeUpdatesView> {
  const { additions, withdrawals } = await listNoticeUpdates(db, noticeIds);
  const withdrawalOf = new Map(withdrawals.map((w) => [w.notice_id, { withdrawn_at: w.created_at.toISOString(), reason: w.reason }]));
  const additionsOf = new Map<string, NoticeUpdatesView['additions']>();
  for (const a of additions) {
    const list = additionsOf.get(a.notice_id) ?? [];
    list.push({ id: a.id, text: a.text, urls: a.urls, added_at: a.created_at.toISOString() });
    additionsOf.set(a.notice_id, list);
  }
  return (id) => ({ withdrawal: withdrawalOf.get(id) ?? null, additions: additionsOf.get(id) ?? [] });
}
