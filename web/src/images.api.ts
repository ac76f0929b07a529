import type { NoticeFormBody } from '../../src/core/notice-form.ts';
import type { NoticeItemImage, NoticeItemInput } from '../../src/http/routes/notice.schemas.ts';
import type { Of } from './http.ts';
import type { Case } from './cases.api.ts';

/**
 * The image parts of the notice and case APIs, typed by the server's schemas (imported as types
 * only): an item's images as sent (`{ data_url }`) and as shown (`{ sha256, mime, bytes, width,
 * height, url }`, the bytes at `GET /api/v1/images/{sha256}` for those who may see the case).
 */
export type ItemImageInput = NonNullable<Of<typeof NoticeItemInput>['images']>[number];

/** The notice form's body (src/core/notice-form.ts) with each item's images, as the API takes them. */
export type NoticeBodyWithImages = Omit<NoticeFormBody, 'items'> & { items: (NoticeFormBody['items'][number] & { images?: ItemImageInput[] })[] };

type CaseNotice = Case['notices'][number];
export type CaseItem = CaseNotice['items'][number];
export type ItemImage = Of<typeof NoticeItemImage>;
