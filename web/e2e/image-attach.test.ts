import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { altFromFileName, checkImage, encodedLength, fileSize, imageInputIdOf, MAX_IMAGE_BYTES, NOTICE_IMAGE_BUDGET, sniffImageType } from '../src/notices/image-attach.ts';
import { MAX_IMAGE_BYTES as SERVER_MAX_IMAGE_BYTES } from '../../src/images/decode.ts';

/** The notice form's image rules (web/src/notices/image-attach.ts), against real encoders and the server's own limit. */
describe('attaching images to a notice item', () => {
  it('knows JPEG, PNG and WebP by their first bytes, whatever the file is called', async () => {
    const raw = { raw: { width: 4, height: 4, channels: 3 as const } };
    const pixels = Buffer.alloc(48, 120);
    const head = (b: Buffer) => new Uint8Array(b.subarray(0, 12));
    expect(sniffImageType(head(await sharp(pixels, raw).jpeg().toBuffer()))).toBe('image/jpeg');
    expect(sniffImageType(head(await sharp(pixels, raw).png().toBuffer()))).toBe('image/png');
    expect(sniffImageType(head(await sharp(pixels, raw).webp().toBuffer()))).toBe('image/webp');
    expect(sniffImageType(head(await sharp(pixels, raw).gif().toBuffer()))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('%PDF-1.7 abcdef'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('RIFF....WAVE'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });

  it('refuses an empty file, a file of another type, and one over the server’s limit', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(MAX_IMAGE_BYTES).toBe(SERVER_MAX_IMAGE_BYTES);
    expect(checkImage({ size: 1000 }, png)).toEqual({ ok: true, type: 'image/png' });
    expect(checkImage({ size: MAX_IMAGE_BYTES }, png)).toEqual({ ok: true, type: 'image/png' });
    expect(checkImage({ size: MAX_IMAGE_BYTES + 1 }, png)).toEqual({ ok: false, problem: 'size' });
    expect(checkImage({ size: 0 }, new Uint8Array())).toEqual({ ok: false, problem: 'empty' });
    expect(checkImage({ size: 20 }, new TextEncoder().encode('hello, not an image'))).toEqual({ ok: false, problem: 'type' });
  });

  it('makes alt text of a file name, and none of a name that says nothing', () => {
    expect(altFromFileName('anh-trang_gia.mao.PNG')).toBe('anh trang gia mao');
    expect(altFromFileName('Ảnh chụp màn hình 2026-12-07.webp')).toBe('Ảnh chụp màn hình 2026 12 07');
    expect(altFromFileName('image.png')).toBe('');
    expect(altFromFileName('IMG_2041.jpg')).toBe('');
    expect(altFromFileName('Screenshot.png')).toBe('');
    expect(altFromFileName('x'.repeat(300) + '.jpg')).toHaveLength(120);
  });

  it('says sizes as people read them, and keeps a notice’s images within the request the server takes', () => {
    expect(fileSize(16_670, 'vi')).toBe('16 kB');
    expect(fileSize(300, 'en')).toBe('1 kB');
    expect(fileSize(1.5 * 1024 * 1024, 'vi')).toBe('1,5 MB');
    expect(fileSize(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
    // The base64 of a data URL, and JSON around it. An image at the limit always fits on its own,
    // beside the notice's other fields (src/core/notice-images.ts NOTICE_BODY_LIMIT).
    expect(encodedLength(3)).toBe(4 + 48);
    expect(encodedLength(MAX_IMAGE_BYTES)).toBeLessThanOrEqual(NOTICE_IMAGE_BUDGET);
  });

  it('finds the thumbnail a server error is about, through the rows the items came from', () => {
    // Item 1 was sent from form row 2 (row 1 was left empty and skipped).
    const rows = [0, 2];
    expect(imageInputIdOf('items[1].images[0]', rows)).toEqual({ id: 'items-2-images-0', row: 2, image: 0 });
    expect(imageInputIdOf('items[1].images[3].data_url', rows)).toEqual({ id: 'items-2-images-3', row: 2, image: 3 });
    expect(imageInputIdOf('items[0].images', rows)).toEqual({ id: 'items-0-images', row: 0 });
    expect(imageInputIdOf('items[0].url', rows)).toBeNull();
    expect(imageInputIdOf('explanation', rows)).toBeNull();
  });
});
