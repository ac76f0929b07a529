import { affectedUserStatement } from '../core/affected-user-statement-view.ts';
import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { resolveSlaPolicy } from '../core/sla.ts';
import { newStatementToken, splitAffectedUserDelivery, statementPath, statementTokenDigest, type AffectedUserDelivery } from '../core/statement-link.ts';
import type { Db } from '../db/db.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { listDecisionsOfCase } from '../repositories/decision.repository.ts';
import { listNoticesOfCase } from '../repositories/notice.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import {
  findLiveStatementLink,
  insertStatementLink,
  listStatementLinksOfCase,
  lockDecisionForLinks,
  recordStatementOpening,
  revokeStatementLinks,
  type StatementLinkSummary,
} from '../repositories/statement-link.repository.ts';
import type { ServiceContext } from './context.ts';
import { currentVersionOf } from './correction.service.ts';
import { appealsOfLink } from './appeal-view.ts';
import { slaRules } from './sla-policy.service.ts';

export type ResolvedStatementLink = NonNullable<Awaited<ReturnType<typeof findLiveStatementLink>>>;

/**
 * The decision behind an affected user's link. A malformed, unknown and revoked token answer
 * alike, "not found": the page must not tell a guesser which tokens once existed. Every public
 * route on a token (the page, an appeal, a counter-notice) starts here.
 */
export async function resolveStatementLink(db: Db, token: string): Promise<ResolvedStatementLink> {
  const digest = statementTokenDigest(token);
  const link = digest ? await findLiveStatementLink(db, digest) : null;
  if (!link) throw AppError.notFound('Statement');
  return link;
}

/** What the platform is given once: the token and the page's path (the route adds the absolute URL). */
export interface IssuedStatementLink {
  token: string;
  path: string;
}

/**
 * Issues a decision's links, in the caller's transaction: one for the platform to pass on (its
 * token returned here, once, and only its digest stored), and, when the platform gave the affected
 * user's address, one minhbach mails itself: `statement.issued` (ids only) tells the e-mail job,
 * which draws that link's token when it sends (statement-email.handler.ts).
 */
export async function issueStatementLink(
  tx: Db,
  args: { decisionId: string; caseId: string; platformOrgId: string; at: Date; delivery: AffectedUserDelivery },
): Promise<IssuedStatementLink> {
  const { token, sha256 } = newStatementToken();
  const base = { decision_id: args.decisionId, case_id: args.caseId, created_at: args.at, language: args.delivery.language };
  await insertStatementLink(tx, { ...base, id: uuidv7(args.at.getTime()), channel: 'api', token_sha256: sha256, recipient_email: null });
  if (args.delivery.email) {
    const emailLinkId = uuidv7(args.at.getTime());
    await insertStatementLink(tx, { ...base, id: emailLinkId, channel: 'email', token_sha256: null, recipient_email: args.delivery.email });
    await appendEvents(tx, [
      {
        id: uuidv7(args.at.getTime()),
        type: 'statement.issued',
        at: args.at,
        org_id: args.platformOrgId,
        case_id: args.caseId,
        data: { statement_link_id: emailLinkId, decision_id: args.decisionId, case_id: args.caseId },
      },
    ]);
  }
  return { token, path: statementPath(token) };
}

/** The decision a platform acts on the links of: its own only; anyone else's is not found. */
async function ownDecision(tx: Db, actor: Actor, decisionId: string) {
  const d = isUuid(decisionId) ? await lockDecisionForLinks(tx, decisionId) : null;
  if (!d || d.platform_org_id !== actor.orgId) throw AppError.notFound('Decision');
  return d;
}

const byActor = (actor: Actor) => ({ org: actor.orgId, person: actor.personId, key: actor.keyId });

/** A new link for a decision (lost, or sent to the wrong person): every earlier link of it stops working. */
export async function reissueStatementLink(ctx: ServiceContext, actor: Actor, decisionId: string, input: unknown) {
  const { delivery, errors } = splitAffectedUserDelivery(input ?? {});
  if (errors.length) throw AppError.validation(errors);
  return ctx.db.transaction(async (tx) => {
    const d = await ownDecision(tx, actor, decisionId);
    const at = ctx.now();
    const revoked = await revokeStatementLinks(tx, d.id, byActor(actor), 'reissued', at);
    const link = await issueStatementLink(tx, { decisionId: d.id, caseId: d.case_id, platformOrgId: actor.orgId, at, delivery });
    return { decision_id: d.id, revoked, affected_user_statement: link };
  });
}

/** Stops every link of a decision: the page then answers as for a token that never existed. */
export async function revokeDecisionStatementLinks(ctx: ServiceContext, actor: Actor, decisionId: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const d = await ownDecision(tx, actor, decisionId);
    const at = ctx.now();
    const revoked = await revokeStatementLinks(tx, d.id, byActor(actor), reason, at);
    return { decision_id: d.id, revoked, revoked_at: at.toISOString() };
  });
}

/**
 * The affected user opens the page: the opening is counted (times and a count, nothing of the
 * visitor), the first one goes on the case's timeline for the platform, and the statement is
 * built from the decision, its case and the case's notices (core/affected-user-statement.ts).
 */
export async function openStatement(ctx: ServiceContext, token: string) {
  const rules = await slaRules(ctx);
  const at = ctx.now();
  const link = await ctx.db.transaction(async (tx) => {
    const l = await resolveStatementLink(tx, token);
    const { first } = await recordStatementOpening(tx, l.id, at);
    if (first) {
      await insertCaseEvents(tx, [
        {
          id: uuidv7(at.getTime()),
          case_id: l.case_id,
          at,
          actor_org_id: null,
          type: 'statement_opened',
          data: { decision_id: l.decision_id, statement_link_id: l.id, channel: l.channel },
        },
      ]);
    }
    return l;
  });
  const [notices, decisions] = await Promise.all([listNoticesOfCase(ctx.db, link.case_id, null), listDecisionsOfCase(ctx.db, link.case_id)]);
  const decidedAt = link.decided_at.getTime();
  // A correction supersedes a published decision without changing it: the page shows what is true
  // now, the corrected public body (already redacted; redacting again changes nothing), and says so.
  const latest = (link.public_record_id ? await currentVersionOf(ctx, link.public_record_id) : null) as Record<string, unknown> | null;
  const corrected = latest && latest.id !== link.public_record_id && !latest.withdrawn ? latest : null;
  const statement = affectedUserStatement({
    decision: { id: link.decision_id, outcome: link.outcome, statement: corrected ?? link.statement, decided_at: link.decided_at },
    case: { platform: link.platform, platform_name: link.platform_name, canonical_url: link.canonical_url, category: link.category, status: link.case_status },
    notices: notices.map((n) => ({ kind: n.submitter_kind, name: n.submitter_name, legal_basis: n.legal_basis, created_at: n.created_at })),
    later_decisions: decisions
      .filter((d) => d.id !== link.decision_id && (d.created_at.getTime() > decidedAt || (d.created_at.getTime() === decidedAt && d.id > link.decision_id)))
      .map((d) => ({ outcome: d.outcome, decided_at: d.created_at })),
    public_record: link.public_record_id ? { id: link.public_record_id, log_index: link.public_record_log_index } : null,
    appeal_answer_hours: resolveSlaPolicy(rules, { applies_to: 'appeal', category: link.category }).hours,
    now: at,
  });
  return {
    ...statement,
    current_version: corrected,
    appeals: await appealsOfLink(ctx.db, link),
  };
}

/** Per decision, what the platform may know of its links: whether they were opened, and whether revoked. Never a token or an address. */
export async function statementLinksByDecision(db: Db, caseId: string): Promise<(decisionId: string) => ReturnType<typeof presentLink>[]> {
  const links = await listStatementLinksOfCase(db, caseId);
  return (decisionId) => links.filter((l) => l.decision_id === decisionId).map(presentLink);
}

function presentLink(l: StatementLinkSummary) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: l.id,
    channel: l.channel,
    language: l.language,
    created_at: l.created_at.toISOString(),
    email_status: l.email_status,
    email_sent_at: iso(l.email_sent_at),
    opens: l.opens,
    first_opened_at: iso(l.first_opened_at),
    last_opened_at: iso(l.last_opened_at),
    revoked_at: iso(l.revoked_at),
  };
}
