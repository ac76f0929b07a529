import type { Db } from '../db/db.ts';
import { RECORD_COLUMNS, type PublicRecordRow } from './public-record.repository.ts';

/** A published record as a correction reads it: its source too (a decision, a notice, or the record a correction corrects). */
export interface CorrectableRow extends PublicRecordRow {
  source_id: string;
}

/**
 * Every version of the chain the record belongs to, oldest (the original) first: up through the
 * records corrections correct to the original, then down through the corrections of each
 * (UNIQUE (type, source_id, platform) makes each step one index lookup, and a record at most one
 * correction). Empty if there is no such record.
 */
export async function findChain(db: Db, id: string, options: { lockFirst?: boolean } = {}): Promise<CorrectableRow[]> {
  if (options.lockFirst) await db.query(`SELECT id FROM public_records WHERE id = $1 FOR UPDATE`, [id]);
  return db.query<CorrectableRow>(
    `WITH RECURSIVE up AS (
       SELECT p.id, p.type, p.source_id, 0 AS depth FROM public_records p WHERE p.id = $1
       UNION ALL
       SELECT p.id, p.type, p.source_id, up.depth + 1 FROM up JOIN public_records p ON up.type = 'correction' AND p.id = up.source_id
     ),
     origin AS (SELECT id FROM up ORDER BY depth DESC LIMIT 1),
     down AS (
       SELECT o.id, 0 AS depth FROM origin o
       UNION ALL
       SELECT c.id, down.depth + 1 FROM down JOIN public_records c ON c.type = 'correction' AND c.source_id = down.id
     )
     SELECT ${RECORD_COLUMNS}, r.source_id FROM down JOIN public_records r ON r.id = down.id ORDER BY down.depth`,
    [id],
  );
}

/** Who made a decision, and the statement as the platform sent it. */
export async function findDecisionForCorrection(db: Db, decisionId: string): Promise<{ platform_org_id: string; case_id: string; statement: Record<string, unknown> } | null> {
  const rows = await db.query<{ platform_org_id: string; case_id: string; statement: Record<string, unknown> }>(
    `SELECT platform_org_id, case_id, statement FROM decisions WHERE id = $1`,
    [decisionId],
  );
  return rows[0] ?? null;
}

/** Who filed a notice. */
export async function findNoticeSubmitter(db: Db, noticeId: string): Promise<string | null> {
  const rows = await db.query<{ submitter_org_id: string }>(`SELECT submitter_org_id FROM notices WHERE id = $1`, [noticeId]);
  return rows[0]?.submitter_org_id ?? null;
}
