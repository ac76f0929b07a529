import sharp from 'sharp';
import { AppError } from '../core/errors.ts';
import type { PdqPixels } from '../core/pdq.ts';

/** An image larger than this is refused before decoding (a photo worth hashing is far smaller). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
/**
 * Decoding stops before allocating pixels past this: a 10 MB file can declare 65535×65535 pixels
 * (a decompression bomb). 64 megapixels still takes an 8000×8000 photo.
 */
export const MAX_IMAGE_PIXELS = 64_000_000;
/**
 * Images are shrunk to fit 512×512 before hashing, as the reference's Python hasher does
 * (`thumbnail((512, 512))`): the 64×64 PDQ image is the same to within a few bits, and libvips
 * shrinks a JPEG while decoding it, which is most of the time saved.
 */
export const HASH_SIDE = 512;

const FORMATS = new Set(['jpeg', 'png', 'webp']);

/**
 * The RGB pixels of a JPEG, PNG or WebP image, ready for `pdqHash`. `field` names the input in errors.
 *
 * EXIF orientation is NOT applied: the reference hashers (and so the hashes other programs share)
 * read the pixels as stored, and a hash of the upright picture would differ from theirs. Alpha is
 * dropped without compositing, as the reference's RGB conversion does. An animated WebP is hashed
 * by its first frame.
 */
export async function decodeForPdq(input: Uint8Array, field = 'image'): Promise<PdqPixels> {
  if (input.length > MAX_IMAGE_BYTES) throw new AppError('payload_too_large', `${field}: larger than ${MAX_IMAGE_BYTES} bytes`, { fields: [{ field, message: 'too large' }] });
  const image = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
  let format: string | undefined;
  try {
    ({ format } = await image.metadata());
  } catch (e) {
    throw unreadable(e, field, 'not a readable image');
  }
  if (format === undefined || !FORMATS.has(format)) {
    throw new AppError('unsupported_media_type', `${field}: ${format ?? 'this'} format is not accepted; JPEG, PNG or WebP only`, {
      fields: [{ field, message: 'unsupported format' }],
    });
  }
  try {
    const { data, info } = await image
      .resize(HASH_SIDE, HASH_SIDE, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (e) {
    throw unreadable(e, field, 'cannot be decoded');
  }
}

/** libvips' reason, first line; the pixel limit (checked from the header, before any decoding) said plainly. */
function unreadable(e: unknown, field: string, what: string): AppError {
  const text = e instanceof Error ? e.message.split('\n')[0]!.trim() : String(e);
  const message = text.includes('pixel limit') ? `more than ${MAX_IMAGE_PIXELS} pixels` : `${what} (${text})`;
  return AppError.validation([{ field, message }]);
}
