import type { CasePair } from '../core/case-merge.ts';
import type { Db } from '../db/db.ts';

export type LinkBasis = 'text' | 'image' | 'short_link';

/** A link the linkers write (case-relate.ts): one pair, both directions. */
export interface CaseLinkWrite {
  case_id: string;
  related_case_id: string;
  level: 'duplicate' | 'similar';
  score: number;
  basis: LinkBasis;
  /** PDQ distance, for an image link only. */
  distance: number | null;
}

/**
 * Links in both directions. A stronger later match (a suggested duplicate over a similar text,
 * then the higher score) replaces a weaker one, with its basis. A link a platform dismissed (not a
 * duplicate, 0024) is left exactly as it was answered: the "not the same" list is never
 * re-suggested, whatever matches later (its level, score and basis stay those the reviewer saw).
 */
export async function upsertCaseLinks(db: Db, links: readonly CaseLinkWrite[], at: Date): Promise<void> {
  if (links.length === 0) return;
  const both = links.flatMap((l) => [l, { ...l, case_id: l.related_case_id, related_case_id: l.case_id }]);
  await db.query(
    `INSERT INTO case_links AS l (case_id, related_case_id, level, score, basis, distance, created_at)
     SELECT t.case_id, t.related_case_id, t.level, t.score, t.basis, t.distance, $2 FROM jsonb_to_recordset($1::text::jsonb)
       AS t(case_id uuid, related_case_id uuid, level text, score real, basis text, distance smallint)
     ORDER BY 1, 2
     ON CONFLICT (case_id, related_case_id) DO UPDATE SET
       level = excluded.level, score = excluded.score, basis = excluded.basis, distance = excluded.distance
     WHERE l.dismissed_at IS NULL
       AND ((excluded.level = 'duplicate') > (l.level = 'duplicate')
            OR ((excluded.level = 'duplicate') = (l.level = 'duplicate') AND excluded.score > l.score))`,
    [JSON.stringify(both), at],
  );
}

/**
 * The directions of links between these cases that a platform marked not a duplicate: the "not
 * the same" list the merge rule takes (case-merge.ts `mergePlan`). Read under both cases' locks.
 */
export async function findNotSamePairs(db: Db, ids: readonly string[]): Promise<CasePair[]> {
  return db.query<CasePair>(`SELECT case_id, related_case_id FROM case_links WHERE case_id = ANY($1::uuid[]) AND related_case_id = ANY($1::uuid[]) AND dismissed_at IS NOT NULL`, [
    ids,
  ]);
}

/** Which of these cases were merged, and into which (a merge re-points earlier ones: one hop). */
export async function mergedCasesAmong(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; merged_into: string }>(`SELECT id, merged_into FROM cases WHERE id = ANY($1::uuid[]) AND merged_into IS NOT NULL`, [ids]);
  return new Map(rows.map((r) => [r.id, r.merged_into]));
}

export interface CaseLinkView {
  case_id: string;
  related_case_id: string;
  level: 'duplicate' | 'similar';
  score: number;
  basis: LinkBasis;
  distance: number | null;
  platform: string;
  status: string;
  dismissed_at: Date | null;
}

/** A case's links, the suggestions still open first (dismissed ones: not a duplicate, case-duplicate.service.ts). */
export async function listCaseLinks(db: Db, caseId: string): Promise<CaseLinkView[]> {
  return db.query<CaseLinkView>(
    `SELECT l.case_id, l.related_case_id, l.level, l.score, l.basis, l.distance, c.platform, c.status, l.dismissed_at
     FROM case_links l JOIN cases c ON c.id = l.related_case_id
     WHERE l.case_id = $1 ORDER BY (l.dismissed_at IS NOT NULL), l.score DESC, l.related_case_id`,
    [caseId],
  );
}
