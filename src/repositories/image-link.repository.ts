import type { Db } from '../db/db.ts';

/** An image attached to a notice item that the image linker has not related yet (0033). */
export interface PendingImage {
  notice_id: string;
  position: number;
  ordinal: number;
  sha256: string;
  pdq: string;
  quality: number;
  case_id: string;
  submitter_org_id: string;
}

/** Unlinked attachments, oldest first; SKIP LOCKED lets several processes share the work. */
export async function claimUnlinkedImages(db: Db, limit: number): Promise<PendingImage[]> {
  return db.query<PendingImage>(
    `SELECT x.notice_id, x.position, x.ordinal, x.sha256, im.pdq, im.quality, i.case_id, n.submitter_org_id
     FROM notice_item_images x
     JOIN images im ON im.sha256 = x.sha256
     JOIN notice_items i ON i.notice_id = x.notice_id AND i.position = x.position
     JOIN notices n ON n.id = x.notice_id
     WHERE x.linked_at IS NULL
     ORDER BY x.created_at, x.notice_id, x.position, x.ordinal LIMIT $1 FOR UPDATE OF x SKIP LOCKED`,
    [limit],
  );
}

/** A case holding one of the images, who attached it there, and the image's PDQ quality. */
export interface ImageOnCase {
  sha256: string;
  case_id: string;
  submitter_org_id: string;
  quality: number;
}

/**
 * The cases holding these images, each (image, case, submitter) once. Bounded: an image attached
 * on very many cases relates to some of them, not all (the linker keeps the best links anyway).
 */
export async function casesHoldingImages(db: Db, sha256s: readonly string[], limit = 5_000): Promise<ImageOnCase[]> {
  if (sha256s.length === 0) return [];
  return db.query<ImageOnCase>(
    `SELECT DISTINCT x.sha256, i.case_id, n.submitter_org_id, im.quality
     FROM notice_item_images x
     JOIN images im ON im.sha256 = x.sha256
     JOIN notice_items i ON i.notice_id = x.notice_id AND i.position = x.position
     JOIN notices n ON n.id = x.notice_id
     WHERE x.sha256 = ANY($1::text[])
     LIMIT $2`,
    [sha256s, limit],
  );
}

export async function markImagesLinked(db: Db, rows: readonly { notice_id: string; position: number; ordinal: number }[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `UPDATE notice_item_images x SET linked_at = $2 FROM jsonb_to_recordset($1::text::jsonb) AS t(notice_id uuid, position int, ordinal smallint)
     WHERE x.notice_id = t.notice_id AND x.position = t.position AND x.ordinal = t.ordinal`,
    [JSON.stringify(rows.map((r) => ({ notice_id: r.notice_id, position: r.position, ordinal: r.ordinal }))), at],
  );
}
