import type { Db } from '../db/db.ts';
import type { NotExtractableReason } from '../text/not-extractable.ts';

export interface ItemExtraction {
  notice_id: string;
  position: number;
  /** Why its text gave no article, or null when it did. */
  not_extractable: NotExtractableReason | null;
}

/** Records how each item's text was extracted; only rows whose state changed are written. */
export async function recordItemExtraction(db: Db, items: readonly ItemExtraction[]): Promise<void> {
  if (items.length === 0) return;
  await db.query(
    `UPDATE notice_items i SET not_extractable = t.not_extractable
     FROM jsonb_to_recordset($1::text::jsonb) AS t(notice_id uuid, position int, not_extractable text)
     WHERE i.notice_id = t.notice_id AND i.position = t.position AND i.not_extractable IS DISTINCT FROM t.not_extractable`,
    [JSON.stringify(items)],
  );
}
