import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { MAX_DATA_URL_LENGTH, MAX_IMAGE_BYTES, NOTICE_BODY_LIMIT, decodeImageDataUrl } from './notice-images.ts';

function failure(url: string): AppError {
  try {
    decodeImageDataUrl(url, 'items[0].images[0]');
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('image data URLs', () => {
  it('give their bytes back', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(Buffer.from(decodeImageDataUrl(`data:image/png;base64,${bytes.toString('base64')}`, 'f'))).toEqual(bytes);
    // Parameters (a file name some clients add) are allowed; the decoder decides the real type.
    expect(decodeImageDataUrl(`data:image/jpeg;name=a.jpg;base64,${bytes.toString('base64')}`, 'f')).toHaveLength(7);
  });

  it('refuse what is not an image data URL, naming the field: 422, 415 for another type, 413 past 10 MB (by length, before decoding)', () => {
    expect(failure('https://example.vn/a.png')).toMatchObject({ code: 'validation_failed', fields: [{ field: 'items[0].images[0]' }] });
    expect(failure('data:image/png,rawtext')).toMatchObject({ code: 'validation_failed' });
    expect(failure('data:text/html;base64,PGI+')).toMatchObject({ code: 'unsupported_media_type', fields: [{ field: 'items[0].images[0]' }] });
    expect(failure('data:;base64,PGI+')).toMatchObject({ code: 'unsupported_media_type' });
    expect(failure('data:image/png;base64,@@@@')).toMatchObject({ code: 'validation_failed', fields: [{ message: 'is not valid base64' }] });
    expect(failure('data:image/png;base64,')).toMatchObject({ code: 'validation_failed', fields: [{ message: 'is empty' }] });
    const tooBig = `data:image/png;base64,${'A'.repeat(4 * Math.ceil((MAX_IMAGE_BYTES + 1) / 3))}`;
    expect(failure(tooBig)).toMatchObject({ code: 'payload_too_large', fields: [{ field: 'items[0].images[0]', message: 'too large' }] });
  });

  it('fit the largest image, with the rest of a notice, in the notice route’s body limit', () => {
    expect(MAX_DATA_URL_LENGTH).toBeGreaterThan(`data:image/webp;base64,${'A'.repeat(4 * Math.ceil(MAX_IMAGE_BYTES / 3))}`.length - 1);
    expect(NOTICE_BODY_LIMIT).toBeGreaterThanOrEqual(MAX_DATA_URL_LENGTH + 2 * 1024 * 1024);
    expect(NOTICE_BODY_LIMIT).toBeLessThanOrEqual(32 * 1024 * 1024);
  });
});
