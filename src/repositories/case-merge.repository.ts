import type { Db } from '../db/db.ts';
import type { CaseRow } from './case.repository.ts';

/** Locks the cases in id order, so two linkers locking the same pair never deadlock. */
export async function lockCases(db: Db, ids: readonly string[]): Promise<Pick<CaseRow, 'id' | 'platform' | 'status' | 'created_at'>[]> {
  return db.query(`SELECT id, platform, status, created_at FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
}

export interface MergeWrite {
  from: string;
  into: string;
  score: number;
  at: Date;
}

/**
 * Moves everything of case `from` to case `into` in one statement: its notices' items, its
 * fingerprints, its links, its content key (and keys earlier merged into it) as aliases, and its
 * notice count and deadline (the earlier deadline wins: an authority's 24 h does not get longer
 * by landing on another case). `from` keeps its history and points at `into`.
 * Returns the number of notice items moved; both rows must be locked by the caller.
 */
export async function mergeCases(db: Db, m: MergeWrite): Promise<number> {
  const rows = await db.query<{ moved: number }>(
    `WITH src AS (
       SELECT id, content_key, canonical_url, notice_count, authority_request, due_at FROM cases WHERE id = $1
     ),
     dst AS (
       UPDATE cases c SET notice_count = c.notice_count + src.notice_count,
         authority_request = c.authority_request OR src.authority_request,
         due_at = least(c.due_at, src.due_at), updated_at = $4, version = c.version + 1
       FROM src WHERE c.id = $2 RETURNING c.id
     ),
     gone AS (
       UPDATE cases c SET status = 'merged', merged_into = $2, due_at = NULL, updated_at = $4, version = c.version + 1
       WHERE c.id = $1 RETURNING c.id
     ),
     earlier AS (
       UPDATE case_aliases SET case_id = $2 WHERE case_id = $1 RETURNING content_key
     ),
     earlier_cases AS (
       UPDATE cases SET merged_into = $2 WHERE merged_into = $1 AND id <> $1 RETURNING id
     ),
     alias AS (
       INSERT INTO case_aliases (content_key, case_id, merged_case_id, canonical_url, score, created_at)
       SELECT content_key, $2, id, canonical_url, $3, $4 FROM src
       ON CONFLICT (content_key) DO UPDATE SET case_id = excluded.case_id
       RETURNING content_key
     ),
     items AS (
       UPDATE notice_items SET case_id = $2 WHERE case_id = $1 RETURNING 1
     ),
     fps AS (
       UPDATE text_fingerprints SET case_id = $2 WHERE case_id = $1 RETURNING 1
     )
     -- Every data-modifying CTE runs to completion whether or not it is read.
     SELECT (SELECT count(*) FROM items)::int AS moved`,
    [m.from, m.into, m.score, m.at],
  );
  // Links of the merged case become links of the survivor (the pair itself is one case now). A
  // platform's dismissal (not a duplicate, 0024) moves with its link: the survivor is the same
  // content, so it is not that other content either — the "not the same" list is inherited, and
  // neither linker suggests or merges the pair again (case-merge.ts `mergePlan`). Where both cases
  // were linked to the same third case, a dismissed link stays as answered; otherwise the
  // stronger one (a suggested duplicate over a similar one, then the higher score) with its basis.
  await db.query(
    `WITH old AS (
       DELETE FROM case_links WHERE case_id = $1 OR related_case_id = $1
       RETURNING case_id, related_case_id, level, score, basis, distance, created_at, dismissed_at, dismissed_by_org, dismissed_by_person, dismissed_by_key
     ),
     moved AS (
       SELECT CASE WHEN case_id = $1 THEN $2::uuid ELSE case_id END AS case_id,
              CASE WHEN related_case_id = $1 THEN $2::uuid ELSE related_case_id END AS related_case_id,
              level, score, basis, distance, created_at, dismissed_at, dismissed_by_org, dismissed_by_person, dismissed_by_key
       FROM old
     )
     INSERT INTO case_links AS l (case_id, related_case_id, level, score, basis, distance, created_at, dismissed_at, dismissed_by_org, dismissed_by_person, dismissed_by_key)
     SELECT DISTINCT ON (case_id, related_case_id) case_id, related_case_id, level, score, basis, distance, created_at, dismissed_at, dismissed_by_org, dismissed_by_person, dismissed_by_key
     FROM moved WHERE case_id <> related_case_id
     ORDER BY case_id, related_case_id, dismissed_at NULLS LAST, (level = 'duplicate') DESC, score DESC
     ON CONFLICT (case_id, related_case_id) DO UPDATE SET
       (level, score, basis, distance, dismissed_at, dismissed_by_org, dismissed_by_person, dismissed_by_key) =
       (excluded.level, excluded.score, excluded.basis, excluded.distance, excluded.dismissed_at, excluded.dismissed_by_org, excluded.dismissed_by_person, excluded.dismissed_by_key)
     WHERE l.dismissed_at IS NULL
       AND (excluded.dismissed_at IS NOT NULL
            OR (excluded.level = 'duplicate') > (l.level = 'duplicate')
            OR ((excluded.level = 'duplicate') = (l.level = 'duplicate') AND excluded.score > l.score))`,
    [m.from, m.into],
  );
  return rows[0]!.moved;
}

export interface CaseLocation {
  content_key: string;
  canonical_url: string;
  merged_case_id: string;
  score: number;
  created_at: Date;
}

/** The other content keys (URLs) a case holds because duplicates were merged into it. */
export async function listCaseAliases(db: Db, caseId: string): Promise<CaseLocation[]> {
  return db.query<CaseLocation>(`SELECT content_key, canonical_url, merged_case_id, score, created_at FROM case_aliases WHERE case_id = $1 ORDER BY created_at, content_key`, [
    caseId,
  ]);
}
