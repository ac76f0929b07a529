import type { HashListEntry, HashListFormat, OpinionCategory } from '../core/hash-list.ts';
import type { Db } from '../db/db.ts';

export interface HashListRow {
  id: string;
  name: string;
  owner_org_id: string | null;
  format: HashListFormat;
  source: string | null;
  entry_count: number;
  created_by_person_id: string | null;
  created_by_key_id: string | null;
  created_at: Date;
}

export async function insertHashList(db: Db, l: HashListRow): Promise<void> {
  await db.query(
    `INSERT INTO hash_lists (id, name, owner_org_id, format, source, entry_count, created_by_person_id, created_by_key_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [l.id, l.name, l.owner_org_id, l.format, l.source, l.entry_count, l.created_by_person_id, l.created_by_key_id, l.created_at],
  );
}

/** Entries of one list, with their ids; a batch of a few thousand at a time. */
export async function insertHashListEntries(db: Db, listId: string, entries: readonly (HashListEntry & { entry_id: string })[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO hash_list_entries (id, list_id, pdq, labels, category, source, external_id, quality, created_at)
     SELECT t.id, $2, t.pdq, t.labels, t.category, t.source, t.external_id, t.quality, $3::timestamptz
     FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, pdq text, labels text[], category text, source text, external_id text, quality smallint)`,
    [
      JSON.stringify(entries.map((e) => ({ id: e.entry_id, pdq: e.pdq, labels: e.labels, category: e.category, source: e.source, external_id: e.id, quality: e.quality }))),
      listId,
      at.toISOString(),
    ],
  );
}

const LIST_COLUMNS = 'id, name, owner_org_id, format, source, entry_count, created_by_person_id, created_by_key_id, created_at';

/**
 * The lists one may see: an organization's own, and the operator's too if `withOperatorLists`;
 * all of them for null (the operator). Newest first; a deployment holds a handful, the bound is a guard.
 */
export async function listHashLists(db: Db, who: { ownerOrgId: string; withOperatorLists: boolean } | null): Promise<(HashListRow & { owner_name: string | null })[]> {
  return db.query(
    `SELECT ${LIST_COLUMNS.replace(/(\w+)/g, 'l.$1')}, o.name AS owner_name
     FROM hash_lists l LEFT JOIN organizations o ON o.id = l.owner_org_id
     WHERE $1::uuid IS NULL OR l.owner_org_id = $1 OR ($2::boolean AND l.owner_org_id IS NULL)
     ORDER BY l.created_at DESC, l.id DESC LIMIT 500`,
    [who?.ownerOrgId ?? null, who?.withOperatorLists ?? false],
  );
}

export async function findHashList(db: Db, id: string): Promise<HashListRow | null> {
  const rows = await db.query<HashListRow>(`SELECT ${LIST_COLUMNS} FROM hash_lists WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** A list's entries as the formats write them, in the order they were imported. */
export async function listHashListEntries(db: Db, listId: string): Promise<HashListEntry[]> {
  const rows = await db.query<{ pdq: string; labels: string[]; category: OpinionCategory | null; source: string | null; external_id: string | null; quality: number | null }>(
    `SELECT pdq, labels, category, source, external_id, quality FROM hash_list_entries WHERE list_id = $1 ORDER BY id`,
    [listId],
  );
  return rows.map((r) => ({ pdq: r.pdq, labels: r.labels, category: r.category, source: r.source, id: r.external_id, quality: r.quality }));
}

/** The ids of a list's entries (to take them out of the PDQ index), then the list and entries. */
export async function deleteHashList(db: Db, id: string): Promise<string[]> {
  const entries = await db.query<{ id: string }>(`SELECT id FROM hash_list_entries WHERE list_id = $1`, [id]);
  await db.query(`DELETE FROM hash_list_entries WHERE list_id = $1`, [id]);
  await db.query(`DELETE FROM hash_lists WHERE id = $1`, [id]);
  return entries.map((e) => e.id);
}

/** Entries by id with their list's name, for matches found in the PDQ index. */
export async function findHashListEntries(db: Db, ids: readonly string[]): Promise<{ id: string; list_id: string; list_name: string; labels: string[] }[]> {
  if (ids.length === 0) return [];
  return db.query(
    `SELECT e.id, e.list_id, l.name AS list_name, e.labels
     FROM hash_list_entries e JOIN hash_lists l ON l.id = e.list_id
     WHERE e.id = ANY($1::uuid[])`,
    [ids],
  );
}

/** The images on a case's notice items: their address and full-image PDQ. */
export async function listCaseImagePdqs(db: Db, caseId: string): Promise<{ sha256: string; pdq: string }[]> {
  return db.query(
    `SELECT DISTINCT i.sha256, i.pdq
     FROM notice_items ni
     JOIN notice_item_images x ON x.notice_id = ni.notice_id AND x.position = ni.position
     JOIN images i ON i.sha256 = x.sha256
     WHERE ni.case_id = $1
     ORDER BY i.sha256 LIMIT 200`,
    [caseId],
  );
}

/**
 * minhbach's own signals: the PDQ of each image on a case whose latest decision restricts the
 * content (an appeal that reversed it ends with a no_action decision, which takes it out), with
 * that decision's category, additional categories and ground. Only hashes of quality 50 or more,
 * which ThreatExchange takes as worth matching on. Nothing else: no URL, no text, no person.
 * One row per hash (its newest image's case decides), at most `limit`.
 */
export async function listRestrictedImageSignals(
  db: Db,
  minQuality: number,
  limit: number,
): Promise<{ pdq: string; category: string | null; category_addition: unknown; decision_ground: string | null }[]> {
  return db.query(
    `SELECT DISTINCT ON (i.pdq) i.pdq, d.statement->>'category' AS category, d.statement->'category_addition' AS category_addition,
            d.statement->>'decision_ground' AS decision_ground, i.created_at
     FROM images i
     JOIN notice_item_images x ON x.sha256 = i.sha256
     JOIN notice_items ni ON ni.notice_id = x.notice_id AND ni.position = x.position
     JOIN LATERAL (
       SELECT outcome, statement FROM decisions WHERE case_id = ni.case_id ORDER BY created_at DESC, id DESC LIMIT 1
     ) d ON d.outcome = 'restriction'
     WHERE i.quality >= $1
     ORDER BY i.pdq, i.created_at DESC
     LIMIT $2`,
    [minQuality, limit],
  );
}
