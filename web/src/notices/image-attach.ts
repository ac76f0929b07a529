import { MAX_IMAGE_BYTES, MAX_IMAGES_PER_ITEM, MAX_IMAGES_PER_NOTICE, NOTICE_BODY_LIMIT } from '../../../src/core/notice-images.ts';

export { MAX_IMAGE_BYTES, MAX_IMAGES_PER_ITEM, MAX_IMAGES_PER_NOTICE };

/**
 * The rules of attaching images to a notice item, as data: which files are accepted, how many, how
 * large, the alt text a file's name gives, and which image a server error (`items[1].images[0]`)
 * is about. The server checks everything again (src/images/decode.ts): these checks only spare a
 * person the wait of sending 40 MB to hear that one file was a PDF.
 */

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/**
 * What the images of one notice may weigh together, as base64 in the request: the notice route's
 * body limit less the 2 MiB its other fields may take (src/core/notice-images.ts). About two
 * full-size images, or eight phone screenshots.
 */
export const NOTICE_IMAGE_BUDGET = NOTICE_BODY_LIMIT - 2 * 1024 * 1024;

/** How many characters an image of `bytes` takes in the request: base64, its data URL prefix, and the JSON around it. */
export function encodedLength(bytes: number): number {
  return 4 * Math.ceil(bytes / 3) + 48;
}

/** The raw megabytes the budget holds, for saying it to people. */
export const NOTICE_IMAGE_BUDGET_BYTES = Math.floor((NOTICE_IMAGE_BUDGET * 3) / 4);

/** What the file input offers in the chooser; the content is checked by its first bytes anyway. */
export const ACCEPT = IMAGE_TYPES.join(',');

/**
 * The type of an image by its first 12 bytes (its magic number), not by its name or the type the
 * browser guessed from the name: a `.jpg` that is really a PNG is sent as PNG, and a renamed PDF
 * is caught here.
 */
export function sniffImageType(head: Uint8Array): ImageType | null {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return null;
}

export type ImageCheck = { ok: true; type: ImageType } | { ok: false; problem: 'type' | 'size' | 'empty' };

/** Whether a chosen file may be attached: an image of an accepted type, not empty, not over the limit. */
export function checkImage(file: { size: number }, head: Uint8Array): ImageCheck {
  if (file.size === 0) return { ok: false, problem: 'empty' };
  const type = sniffImageType(head);
  if (!type) return { ok: false, problem: 'type' };
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, problem: 'size' };
  return { ok: true, type };
}

/**
 * Words for an image's alt text from its file name: `anh-trang_gia.mao.PNG` → "anh trang gia mao".
 * A name that says nothing (`image.png`, as a pasted screenshot is called) gives "", and the caller
 * says what the image is instead.
 */
export function altFromFileName(name: string): string {
  const words = name
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .replace(/[-_.+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return /^(?:image|img|screenshot|untitled|blob)?\s*\d*$/i.test(words) ? '' : words.slice(0, 120);
}

/** A size in megabytes for people, one decimal: 10485760 → "10", 1572864 → "1,5" in Vietnamese. */
export function megabytes(bytes: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en' : 'vi', { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
}

/** A file's size for people: "16 kB" under a megabyte (a screenshot is often that), else "1,5 MB". */
export function fileSize(bytes: number, lang: string): string {
  const format = (n: number) => new Intl.NumberFormat(lang === 'en' ? 'en' : 'vi', { maximumFractionDigits: 1 }).format(n);
  return bytes < 1024 * 1024 ? `${format(Math.max(1, Math.round(bytes / 1024)))} kB` : `${megabytes(bytes, lang)} MB`;
}

/** The form's input id for an item's image (`items-2-images-1`), or for the item's file input when no image is named. */
export function imageInputId(row: number, image?: number): string {
  return image === undefined ? `items-${row}-images` : `items-${row}-images-${image}`;
}

const IMAGE_FIELD = /^items\[(\d+)\]\.images(?:\[(\d+)\])?/;

/**
 * The input a server field error about an image is for: items are numbered as sent (`rows[i]` is
 * the form row of item i) and an item's images as they were attached, so `items[1].images[0]` is
 * the first thumbnail of the row item 1 came from. Null for a field that is not an image's.
 */
export function imageInputIdOf(field: string, rows: readonly number[]): { id: string; row: number; image?: number } | null {
  const m = IMAGE_FIELD.exec(field);
  if (!m) return null;
  const row = rows[Number(m[1])] ?? 0;
  const image = m[2] === undefined ? undefined : Number(m[2]);
  return { id: imageInputId(row, image), row, ...(image === undefined ? {} : { image }) };
}
