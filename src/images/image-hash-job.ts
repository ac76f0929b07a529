/**
 * One image hashing job, as the hashing worker runs it (image-hash.worker.ts): decode (sharp,
 * with decode.ts's limits), PDQ of the whole picture and of its crop variants, SHA-256 of the
 * bytes. It never throws: a bad input comes back as the field error to answer with, because only
 * plain data crosses from a worker thread (an AppError would arrive as a bare message).
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError, type ErrorCode, type FieldError } from '../core/errors.ts';
import { pdqHash } from '../core/pdq.ts';
import { decodeForPdq } from './decode.ts';
import { pdqVariants } from './pdq-variants.ts';

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

export interface HashedImage {
  /** Lowercase hex SHA-256 of the bytes as given (the image store's address). */
  sha256: string;
  mime: ImageMime;
  bytes: number;
  /** Of the original, from its header (hashing reads a copy shrunk to fit 512×512). */
  width: number;
  height: number;
  /** PDQ of the whole picture, 64 hex digits, and its quality 0–100. */
  pdq: string;
  quality: number;
  /** Extra PDQ hashes (crops of the picture, pdq-variants.ts) to index beside `pdq`. */
  variants: string[];
}

export interface HashJob {
  bytes: Uint8Array;
  field: string;
  /** Whether to compute the crop variants (stored images need them; a query may not). */
  variants: boolean;
}

export type HashJobResult = { ok: true; image: HashedImage } | { ok: false; code: ErrorCode; message: string; fields: FieldError[] };

const MIME: Record<string, ImageMime> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function runHashJob(job: HashJob): Promise<HashJobResult> {
  try {
    const pixels = await decodeForPdq(job.bytes, job.field);
    // The header again, for the format and the original's size: decodeForPdq has read it once
    // without error, and reading a header is cheap next to decoding.
    const meta = await sharp(job.bytes).metadata();
    const { pdq, quality } = pdqHash(pixels);
    return {
      ok: true,
      image: {
        sha256: createHash('sha256').update(job.bytes).digest('hex'),
        mime: MIME[meta.format!]!,
        bytes: job.bytes.length,
        width: meta.width!,
        height: meta.height!,
        pdq,
        quality,
        variants: job.variants ? pdqVariants(pixels, pdq) : [],
      },
    };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, code: e.code, message: e.message, fields: e.fields };
    const text = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    return { ok: false, code: 'validation_failed', message: `${job.field}: cannot be hashed (${text})`, fields: [{ field: job.field, message: `cannot be hashed (${text})` }] };
  }
}
