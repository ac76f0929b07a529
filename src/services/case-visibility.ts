import type { Actor } from '../core/organization.ts';
import type { Db } from '../db/db.ts';
import { findCasesJoinedBy, type CaseRow } from '../repositories/case.repository.ts';

/**
 * Which of these cases the actor may see: a platform, the cases on its platform; a submitter, the
 * cases its notices joined (for a merged case, the case it joined: its notices moved there, and its
 * submitters still see where it went). The one rule of who sees a case (loadVisibleCase, match):
 * anyone else is told nothing about it.
 */
export async function visibleCaseIds(db: Db, actor: Actor, cases: readonly Pick<CaseRow, 'id' | 'platform' | 'merged_into'>[]): Promise<Set<string>> {
  if (actor.kind === 'platform') return new Set(cases.filter((c) => c.platform === actor.platform).map((c) => c.id));
  const joined = await findCasesJoinedBy(db, [...new Set(cases.map((c) => c.merged_into ?? c.id))], actor.orgId);
  return new Set(cases.filter((c) => joined.has(c.merged_into ?? c.id)).map((c) => c.id));
}
