import type { Actor } from '../core/organization.ts';
import type { Db } from '../db/db.ts';
import { findCasesJoinedBy, type CaseRow } from '../repositories/case.repository.ts';
import { assignedServices } from '../repositories/service.repository.ts';

/**
 * Which of these cases the actor may see: a platform, the cases on the services it answers for; a
 * submitter, the cases its notices joined (for a merged case, the case it joined: its notices moved
 * there, and its submitters still see where it went); an authority also every case on a service
 * nobody answers for (the unassigned queue). The one rule of who sees a case (loadVisibleCase,
 * match): anyone else is told nothing about it.
 */
export async function visibleCaseIds(
  db: Db,
  actor: Actor,
  cases: readonly Pick<CaseRow, 'id' | 'platform' | 'merged_into'>[],
  options: { toAct?: boolean } = {},
): Promise<Set<string>> {
  if (actor.kind === 'platform') return new Set(cases.filter((c) => actor.services.includes(c.platform)).map((c) => c.id));
  const joined = await findCasesJoinedBy(db, [...new Set(cases.map((c) => c.merged_into ?? c.id))], actor.orgId);
  const assigned = actor.kind === 'authority' && !options.toAct && cases.some((c) => !joined.has(c.merged_into ?? c.id)) ? new Set(await assignedServices(db)) : null;
  return new Set(cases.filter((c) => joined.has(c.merged_into ?? c.id) || (assigned !== null && !assigned.has(c.platform))).map((c) => c.id));
}
