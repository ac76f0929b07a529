import { checkAppealWindow, type Appellant } from '../core/appeal.ts';
import { nextStatus, type CaseStatus } from '../core/case-state.ts';
import { AppError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { OrgKind } from '../core/organization.ts';
import { appealDeadline, type SlaRules } from '../core/sla.ts';
import type { Db } from '../db/db.ts';
import { insertAppeal, latestDecisionIdOfCase } from '../repositories/appeal.repository.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { updateCaseStatus, type CaseRow } from '../repositories/case.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';

export interface OpenAppealInput {
  /** The case, read under its row lock. */
  c: CaseRow;
  /** Who acts: an organization (its person or key), or nobody's account (the affected user). */
  by: { orgId: string; kind: OrgKind; personId: string | null; keyId: string | null } | null;
  appellant: Appellant;
  /** The decision the appellant contests; the case's latest is required (absent: the latest). */
  decisionId?: string;
  statementLinkId: string | null;
  text: string;
  urls: string[];
  note?: string;
  rules: SlaRules;
  at: Date;
}

/**
 * Every appeal, whoever makes it (the affected user through the statement link, a submitter or
 * the platform through the case's actions): the case goes to `appealed` with the appeal's
 * deadline (the SLA policy for appeals, 48 h by default), its timeline records the
 * `status_changed` the public statistics count, `appeal.created` goes out (the appellant's kind,
 * never its text: events leave the system), and the appeal row keeps the text, links and reviewer.
 * The caller holds the case's row lock and has checked who may appeal.
 */
export async function openAppeal(tx: Db, a: OpenAppealInput): Promise<{ appeal_id: string; decision_id: string; status: CaseStatus; due_at: Date }> {
  const { c, at } = a;
  // The affected user's appeal is one the platform would otherwise record for them: the same transition.
  const to = nextStatus(c.status, 'appeal', a.by?.kind ?? 'platform');
  const latest = await latestDecisionIdOfCase(tx, c.id);
  if (!latest) throw new AppError('invalid_transition', 'The case has no decision to appeal');
  if (a.decisionId !== undefined && a.decisionId !== latest.id) {
    throw new AppError('conflict', 'A newer decision answers this case: only the case’s latest decision can be appealed', {
      extra: { reason: 'decision_superseded', latest_decision_id: latest.id },
    });
  }
  checkAppealWindow(latest.created_at, at);
  const dueAt = appealDeadline(at, c.category, a.rules);
  if (!(await updateCaseStatus(tx, c, { status: to, at, due_at: dueAt }))) {
    throw new AppError('conflict', 'The case changed while you acted on it; reload it and try again');
  }
  const appealId = uuidv7(at.getTime());
  await insertAppeal(tx, {
    id: appealId,
    case_id: c.id,
    decision_id: latest.id,
    appellant: a.appellant,
    appellant_org_id: a.by?.orgId ?? null,
    statement_link_id: a.statementLinkId,
    text: a.text,
    urls: a.urls,
    created_at: at,
    due_at: dueAt,
  });
  await insertCaseEvents(tx, [
    {
      id: uuidv7(at.getTime()),
      case_id: c.id,
      at,
      actor_org_id: a.by?.orgId ?? null,
      actor_person_id: a.by?.personId ?? null,
      actor_key_id: a.by?.keyId ?? null,
      type: 'status_changed',
      data: { action: 'appeal', from: c.status, to, appeal_id: appealId, appellant: a.appellant, ...(a.note ? { note: a.note } : {}) },
    },
  ]);
  // The note and the appeal's text stay on the case: they are free text, and events leave the system.
  await appendEvents(tx, [
    {
      id: uuidv7(at.getTime()),
      type: 'appeal.created',
      at,
      org_id: a.by?.orgId ?? null,
      case_id: c.id,
      data: {
        case_id: c.id,
        platform: c.platform,
        change: 'appeal',
        from: c.status,
        status: to,
        due_at: dueAt.toISOString(),
        appellant_kind: a.by?.kind ?? a.appellant,
        appeal_id: appealId,
        appellant: a.appellant,
        appealed_decision_id: latest.id,
      },
    },
  ]);
  return { appeal_id: appealId, decision_id: latest.id, status: to, due_at: dueAt };
}
