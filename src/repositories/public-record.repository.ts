import type { Db } from '../db/db.ts';
import type { PublicRecordDraft } from '../core/public-record.ts';
import type { StoredPublicRecord } from '../core/public-record-document.ts';
import { SEARCH_SCHEME, searchTerms } from '../core/search-terms.ts';

export interface PublicRecordRow extends StoredPublicRecord {
  /** Position in the transparency log; null until the integrator has sequenced it. */
  log_index: number | null;
  /** The correction that superseded this record, if any (issue 14: corrections, never silent). */
  superseded_by: string | null;
}

export const RECORD_COLUMNS = `r.id, r.type, r.published_at, r.category, r.platform, r.requester_kind, r.body, r.withdrawn_by,
  (SELECT e.idx FROM log_entries e WHERE e.record_id = r.id)::float8 AS log_index,
  (SELECT c.id FROM public_records c WHERE c.type = 'correction' AND c.source_id = r.id LIMIT 1) AS superseded_by`;

/** Search is case-insensitive and indifferent to Unicode composition (NFC here, NFC in queries). */
export function searchText(r: Pick<PublicRecordDraft, 'search_text'>): string {
  return searchTerms(r.search_text);
}

/**
 * Stores sealed records (see sealPublicRecord): the trigger then queues each for the log with its
 * digest. The rows travel as one JSON document (jsonb_to_recordset): PostgreSQL parses JSON in C,
 * where array literals of long bodies would cost it an escaping pass per string.
 */
export async function insertPublicRecords(db: Db, records: readonly (PublicRecordDraft & { sha256: string })[]): Promise<void> {
  if (records.length === 0) return;
  await db.query(
    `INSERT INTO public_records (id, type, source_id, published_at, category, platform, requester_kind, body, search, search_scheme, sha256)
     SELECT t.id, t.type, t.source_id, t.published_at, t.category, t.platform, t.requester_kind, t.body, to_tsvector('simple', t.search_text), $2, decode(t.sha256, 'hex')
     FROM jsonb_to_recordset($1::text::jsonb)
          AS t(id uuid, type text, source_id uuid, published_at timestamptz, category text, platform text, requester_kind text, body jsonb, search_text text, sha256 text)`,
    [
      JSON.stringify(
        records.map((r) => ({
          id: r.id,
          type: r.type,
          source_id: r.source_id,
          published_at: r.published_at.toISOString(),
          category: r.category,
          platform: r.platform,
          requester_kind: r.requester_kind,
          body: r.body,
          search_text: searchText(r),
          sha256: r.sha256,
        })),
      ),
      SEARCH_SCHEME,
    ],
  );
}

export interface PublicRecordFilter {
  q?: string;
  type?: string;
  category?: string;
  platform?: string;
  requester_kind?: string;
  from?: Date;
  to?: Date;
  /** Superseded versions are left out (the current version is found), unless a researcher asks for them. */
  include_superseded?: boolean;
  afterId: string | null;
  limit: number;
}

export async function searchPublicRecords(db: Db, f: PublicRecordFilter): Promise<PublicRecordRow[]> {
  return db.query<PublicRecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM public_records r
     WHERE ($1::text IS NULL OR r.search @@ plainto_tsquery('simple', $1))
       AND ($2::text IS NULL OR r.type = $2)
       AND ($3::text IS NULL OR r.category = $3)
       AND ($4::text IS NULL OR r.platform = $4)
       AND ($5::text IS NULL OR r.requester_kind = $5)
       AND ($6::timestamptz IS NULL OR r.published_at >= $6)
       AND ($7::timestamptz IS NULL OR r.published_at < $7)
       AND ($8::uuid IS NULL OR r.id < $8::uuid)
       AND ($10::boolean OR NOT EXISTS (SELECT 1 FROM public_records c WHERE c.type = 'correction' AND c.source_id = r.id))
     ORDER BY r.id DESC LIMIT $9`,
    [
      f.q ? searchTerms(f.q) : null,
      f.type ?? null,
      f.category ?? null,
      f.platform ?? null,
      f.requester_kind ?? null,
      f.from ?? null,
      f.to ?? null,
      f.afterId,
      f.limit,
      f.include_superseded ?? false,
    ],
  );
}

export async function findPublicRecord(db: Db, id: string): Promise<PublicRecordRow | null> {
  const rows = await db.query<PublicRecordRow>(`SELECT ${RECORD_COLUMNS} FROM public_records r WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function countPublicRecords(db: Db): Promise<{ type: string; platform: string; records: number }[]> {
  return db.query(`SELECT type, platform, count(*)::int AS records FROM public_records GROUP BY type, platform ORDER BY type, platform`);
}
