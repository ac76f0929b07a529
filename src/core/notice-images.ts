/**
 * Images attached to notice items (issue 15): how many, how large, and how they arrive in the
 * API (a data URL per image). Pure rules; decoding and hashing happen in worker threads
 * (src/images/image-hash.ts), storage in the image store.
 */
import { AppError } from './errors.ts';

/** Per item: a post and a few screenshots of it. */
export const MAX_IMAGES_PER_ITEM = 4;
/** Per notice, whatever its items: the request body must hold them all (NOTICE_BODY_LIMIT). */
export const MAX_IMAGES_PER_NOTICE = 8;
/** The same limit as src/images/decode.ts's MAX_IMAGE_BYTES (not imported: that module loads sharp). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/** Base64 of the largest image plus the longest prefix accepted (`data:image/webp;base64,`, with room for parameters). */
export const MAX_DATA_URL_LENGTH = 4 * Math.ceil(MAX_IMAGE_BYTES / 3) + 100;
/**
 * The notice route's body limit (it was 2 MiB before images): 16 MiB holds the notice's own fields
 * and ONE image at the 10 MB limit as base64 (13.4 MiB), or several smaller ones, as photos and
 * screenshots are (a phone screenshot is well under 2 MB). No more, because the whole body is read,
 * scanned and parsed as JSON on the event loop, and the default request-body budget of one caller
 * is 32 MiB a minute (config.ts): two such notices a minute still pass it.
 */
export const NOTICE_BODY_LIMIT = 16 * 1024 * 1024;

/** What an image is known by once hashed: the stored row (migration 0033) and its PDQ hashes. */
export interface AttachedImage {
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  pdq: string;
  quality: number;
  /** Extra PDQ hashes (crops) indexed beside `pdq`. */
  variants: readonly string[];
}

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+)?(?:;[a-z0-9-]+=[^;,]{0,100}){0,4};base64,/i;
const BASE64_TAIL = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of a `data:image/…;base64,…` URL. The declared type must be an image (a browser's
 * FileReader says what the file claims to be); which image it really is, the decoder decides.
 * `field` names the input in errors: a non-image type is 415, a body past MAX_IMAGE_BYTES 413
 * (known from its length, before decoding), anything else 422.
 */
export function decodeImageDataUrl(dataUrl: string, field: string): Uint8Array {
  const head = DATA_URL.exec(dataUrl.slice(0, 300));
  if (!head) throw AppError.validation([{ field, message: 'must be a data URL: data:image/jpeg;base64,… (JPEG, PNG or WebP)' }]);
  const type = (head[1] ?? '').toLowerCase();
  if (!type.startsWith('image/')) {
    throw new AppError('unsupported_media_type', `${field}: ${type || 'a data URL without a type'} is not an image; JPEG, PNG or WebP only`, {
      fields: [{ field, message: 'unsupported format' }],
    });
  }
  const b64 = dataUrl.slice(head[0].length);
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  const size = Math.floor((b64.length * 3) / 4) - padding;
  if (size > MAX_IMAGE_BYTES) {
    throw new AppError('payload_too_large', `${field}: larger than ${MAX_IMAGE_BYTES} bytes`, { fields: [{ field, message: 'too large' }] });
  }
  if (b64.length % 4 !== 0 || !BASE64_TAIL.test(b64)) throw AppError.validation([{ field, message: 'is not valid base64' }]);
  if (size === 0) throw AppError.validation([{ field, message: 'is empty' }]);
  const bytes = Buffer.from(b64, 'base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
