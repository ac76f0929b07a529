import type { Db } from '../db/db.ts';

/** One direction of a link between two cases (text-fingerprint.repository.ts), with its dismissal. */
export interface CaseLinkState {
  case_id: string;
  related_case_id: string;
  level: 'duplicate' | 'similar';
  score: number;
  /** What the match was found on (0037), and the PDQ distance for pictures. */
  basis: 'text' | 'image' | 'short_link';
  distance: number | null;
  dismissed_at: Date | null;
}

export async function findCaseLink(db: Db, caseId: string, relatedCaseId: string): Promise<CaseLinkState | null> {
  const rows = await db.query<CaseLinkState>(
    `SELECT case_id, related_case_id, level, score, basis, distance, dismissed_at FROM case_links WHERE case_id = $1 AND related_case_id = $2`,
    [caseId, relatedCaseId],
  );
  return rows[0] ?? null;
}

export interface Dismissal {
  at: Date;
  org_id: string;
  person_id: string | null;
  key_id: string | null;
}

/** Marks these directions of links not a duplicate; a direction already dismissed keeps its first dismissal. */
export async function dismissCaseLinks(db: Db, links: readonly { case_id: string; related_case_id: string }[], d: Dismissal): Promise<void> {
  if (links.length === 0) return;
  await db.query(
    `UPDATE case_links l SET dismissed_at = $2, dismissed_by_org = $3, dismissed_by_person = $4, dismissed_by_key = $5
     FROM unnest($1::uuid[], $6::uuid[]) AS t(case_id, related_case_id)
     WHERE l.case_id = t.case_id AND l.related_case_id = t.related_case_id AND l.dismissed_at IS NULL`,
    [links.map((l) => l.case_id), d.at, d.org_id, d.person_id, d.key_id, links.map((l) => l.related_case_id)],
  );
}
