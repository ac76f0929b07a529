import type { AttachedImage } from '../core/notice-images.ts';
import type { Db } from '../db/db.ts';

export interface NoticeItemImageRow {
  notice_id: string;
  position: number;
  ordinal: number;
  sha256: string;
  created_at: Date;
}

/**
 * Stores what is known of each image; one already stored (sent before, by anyone) is left as it
 * is. Returns the addresses that were new. Sorted by address, so that two transactions inserting
 * the same images wait on each other in one order and never deadlock.
 */
export async function insertImages(db: Db, images: readonly AttachedImage[], at: Date): Promise<Set<string>> {
  if (images.length === 0) return new Set();
  const unique = [...new Map(images.map((i) => [i.sha256, i])).values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  const rows = await db.query<{ sha256: string }>(
    `INSERT INTO images (sha256, mime, bytes, width, height, pdq, quality, created_at)
     SELECT t.sha256, t.mime, t.bytes, t.width, t.height, t.pdq, t.quality, $2::timestamptz
     FROM jsonb_to_recordset($1::text::jsonb) AS t(sha256 text, mime text, bytes int, width int, height int, pdq text, quality smallint)
     ORDER BY t.sha256
     ON CONFLICT (sha256) DO NOTHING
     RETURNING sha256`,
    [JSON.stringify(unique.map(({ sha256, mime, bytes, width, height, pdq, quality }) => ({ sha256, mime, bytes, width, height, pdq, quality }))), at.toISOString()],
  );
  return new Set(rows.map((r) => r.sha256));
}

/** Attaches stored images to notice items (the items exist: same transaction as the notice). */
export async function insertNoticeItemImages(db: Db, rows: readonly NoticeItemImageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO notice_item_images (notice_id, position, ordinal, sha256, created_at)
     SELECT t.notice_id, t.position, t.ordinal, t.sha256, t.created_at
     FROM jsonb_to_recordset($1::text::jsonb) AS t(notice_id uuid, position int, ordinal smallint, sha256 text, created_at timestamptz)`,
    [JSON.stringify(rows)],
  );
}

export interface StoredImage {
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
}

export async function findImage(db: Db, sha256: string): Promise<StoredImage | null> {
  const rows = await db.query<StoredImage>('SELECT sha256, mime, bytes, width, height FROM images WHERE sha256 = $1', [sha256]);
  return rows[0] ?? null;
}

/** Each notice item holding the image: who submitted it, and its case (for case-visibility). */
export interface ImageHolder {
  submitter_org_id: string;
  case_id: string;
  platform: string;
  merged_into: string | null;
}

export async function findImageHolders(db: Db, sha256: string): Promise<ImageHolder[]> {
  return db.query<ImageHolder>(
    `SELECT DISTINCT n.submitter_org_id, c.id AS case_id, c.platform, c.merged_into
     FROM notice_item_images x
     JOIN notices n ON n.id = x.notice_id
     JOIN notice_items i ON i.notice_id = x.notice_id AND i.position = x.position
     JOIN cases c ON c.id = i.case_id
     WHERE x.sha256 = $1`,
    [sha256],
  );
}
