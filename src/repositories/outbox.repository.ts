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
