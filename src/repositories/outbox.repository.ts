import type { DomainEvent } from '../core/events.ts';
import type { Db } from '../db/db.ts';

/** Records events; call it inside the transaction that makes the change they describe. */
export async function appendEvents(db: Db, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `INSERT INTO outbox (id, type, at, org_id, case_id, data)
     SELECT t.id, t.type, t.at, t.org_id, t.case_id, t.data
     FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, type text, at timestamptz, org_id uuid, case_id uuid, data jsonb)`,
    [JSON.stringify(events)],
  );
}

/**
 * `record.published` for records that just entered the transparency log, in the integrator's
 * transaction: a receiver learns of a record once it can fetch its inclusion proof (`log_index`),
 * and intake's hot path writes no event per record.
 */
export async function appendRecordsPublished(db: Db, entries: readonly { record_id: string; log_index: number }[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `INSERT INTO outbox (id, type, at, org_id, case_id, data)
     SELECT gen_random_uuid(), 'record.published', $3, NULL, NULL,
            jsonb_build_object('record_id', r.id, 'record_type', r.type, 'platform', r.platform, 'category', r.category,
                               'published_at', to_char(r.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'log_index', e.log_index)
     FROM unnest($1::uuid[], $2::bigint[]) AS e(record_id, log_index) JOIN public_records r ON r.id = e.record_id
     ORDER BY e.log_index`,
    [entries.map((e) => e.record_id), entries.map((e) => e.log_index), at],
  );
}
