/**
 * Reading an attached image (GET /api/v1/images/{sha256}). An image is shown to whoever is shown
 * a notice holding it: its submitter, and the platform of the item's case (which sees every
 * notice on its cases, case.service.ts getCase); case-visibility.ts decides the latter. Anyone
 * else, and any address nothing holds, gets the same 404: whether a picture is stored here is
 * itself not told.
 */
import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';
import { isSha256Hex, type ImageStore } from '../images/image-store.ts';
import { findImage, findImageHolders, type StoredImage } from '../repositories/image.repository.ts';
import { visibleCaseIds } from './case-visibility.ts';
import type { ServiceContext } from './context.ts';

export function imageUrl(sha256: string): string {
  return `/api/v1/images/${sha256}`;
}

export async function readVisibleImage(ctx: ServiceContext, store: ImageStore | null, actor: Actor, sha256: string): Promise<StoredImage & { data: Uint8Array }> {
  const address = sha256.toLowerCase();
  if (store === null || !isSha256Hex(address)) throw AppError.notFound('Image');
  const holders = await findImageHolders(ctx.db, address);
  let allowed = holders.some((h) => h.submitter_org_id === actor.orgId);
  if (!allowed && actor.kind === 'platform' && holders.length > 0) {
    const visible = await visibleCaseIds(
      ctx.db,
      actor,
      holders.map((h) => ({ id: h.case_id, platform: h.platform, merged_into: h.merged_into })),
    );
    allowed = visible.size > 0;
  }
  if (!allowed) throw AppError.notFound('Image');
  const image = await findImage(ctx.db, address);
  const data = image ? await store.get(address) : null;
  // A row without its bytes (a store emptied by hand, a bucket restored from an older copy).
  if (!image || !data) throw AppError.notFound('Image');
  return { ...image, data };
}
