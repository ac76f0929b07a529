/**
 * Images attached to notice items (issue 15), on their way in. Before the notice's transaction:
 * every data URL is decoded and hashed in the hashing workers (image-hash.ts: off the event loop,
 * with a time budget), and only once ALL of them passed are the bytes put in the image store: a
 * bad image is a 4xx naming `items[i].images[j]`, and then nothing at all is stored (no file, no
 * notice). In the transaction: the rows of `images` (one per distinct picture, whoever sent it),
 * `notice_item_images`, and the PDQ index entries of pictures new to this deployment.
 *
 * The bytes go into the store before the transaction commits. Should it then fail (or the notice
 * prove a repeat), the file stays without a row: harmless, because the store is content-addressed
 * (the same picture sent later lands on the same file) and nothing serves a file without a row
 * (image.service.ts reads the row and its notices first).
 */
import { AppError } from '../core/errors.ts';
import { MAX_IMAGES_PER_NOTICE, decodeImageDataUrl, type AttachedImage } from '../core/notice-images.ts';
import type { NoticeDraft, NoticeInput } from '../core/notice.ts';
import type { Db } from '../db/db.ts';
import { hashImage } from '../images/image-hash.ts';
import type { ImageStore } from '../images/image-store.ts';
import { insertImages, insertNoticeItemImages } from '../repositories/image.repository.ts';
import { indexPdqHashes } from '../repositories/pdq-index.repository.ts';

const field = (item: number, image: number) => `items[${item}].images[${image}]`;

/**
 * Decodes, hashes and stores the images of one notice; returns the draft with each item's images.
 * A notice without images comes back as it was, with no work done.
 */
export async function attachNoticeImages(draft: NoticeDraft, input: NoticeInput, store: ImageStore | null): Promise<NoticeDraft> {
  const sent = input.items.flatMap((item, i) => (item.images ?? []).map((image, j) => ({ i, j, dataUrl: image.data_url })));
  if (sent.length === 0) return draft;
  if (store === null) {
    throw AppError.validation([
      { field: `items[${sent[0]!.i}].images`, message: 'cannot be kept here: this deployment has no image store (MINHBACH_IMAGES_DIR or MINHBACH_IMAGES_S3_ENDPOINT)' },
    ]);
  }
  if (sent.length > MAX_IMAGES_PER_NOTICE) {
    throw AppError.validation([{ field: 'items', message: `may carry at most ${MAX_IMAGES_PER_NOTICE} images in all, got ${sent.length}; send the rest in another notice` }]);
  }
  // Every data URL first (cheap: type, size and base64 are checked before anything is decoded),
  // so a wrong type or an oversized image is refused before any hashing work.
  const decoded = sent.map((s) => ({ ...s, bytes: decodeImageDataUrl(s.dataUrl, field(s.i, s.j)) }));
  // One at a time: a notice's images share the hashing pool with every other request.
  const hashed: (AttachedImage & { i: number; j: number; data: Uint8Array })[] = [];
  for (const d of decoded) hashed.push({ ...(await hashImage(d.bytes, field(d.i, d.j))), i: d.i, j: d.j, data: d.bytes });
  const stored = new Set<string>();
  for (const h of hashed) {
    if (stored.has(h.sha256)) continue;
    stored.add(h.sha256);
    await store.put(h.sha256, h.data, h.mime);
  }
  const byPosition = new Map<number, AttachedImage[]>();
  for (const { i, j: _j, data: _data, ...image } of hashed) byPosition.set(i, [...(byPosition.get(i) ?? []), image]);
  return { ...draft, items: draft.items.map((item) => (byPosition.has(item.position) ? { ...item, images: byPosition.get(item.position)! } : item)) };
}

/**
 * In the intake transaction, for the notices actually inserted (a repeat stores nothing): the
 * image rows, their items' links to them, and the PDQ index entries (full picture and crop
 * variants) of pictures stored for the first time; a picture already indexed is not indexed again.
 */
export async function recordNoticeImages(tx: Db, drafts: readonly NoticeDraft[]): Promise<void> {
  const links: { notice_id: string; position: number; ordinal: number; sha256: string; created_at: Date }[] = [];
  const images: AttachedImage[] = [];
  for (const d of drafts) {
    for (const item of d.items) {
      item.images?.forEach((image, ordinal) => {
        links.push({ notice_id: d.id, position: item.position, ordinal, sha256: image.sha256, created_at: d.received_at });
        images.push(image);
      });
    }
  }
  if (links.length === 0) return;
  const fresh = await insertImages(tx, images, links[0]!.created_at);
  await insertNoticeItemImages(tx, links);
  const toIndex = [...new Map(images.filter((i) => fresh.has(i.sha256)).map((i) => [i.sha256, i])).values()];
  if (toIndex.length > 0)
    await indexPdqHashes(
      tx,
      toIndex.map((i) => ({ owner_kind: 'image' as const, owner_id: i.sha256, hashes: [i.pdq, ...i.variants] })),
    );
}
