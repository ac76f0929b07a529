/**
 * Hashing an uploaded image for the server (intake, match, hash lists): the bytes are decoded and
 * hashed in a worker thread with a time budget (decoding untrusted input never runs on the thread
 * that answers requests). A bad image is refused naming its field (decode.ts's errors); one that
 * takes longer than its budget is refused too (422), as an input the server will not process.
 */
import { availableParallelism } from 'node:os';
// sharp (native) must be loaded by the main thread before any worker loads it, so that its shared
// libraries stay loaded until every thread is done (sharp's documentation, "worker threads").
import 'sharp';
import { AppError } from '../core/errors.ts';
import type { HashedImage, HashJob, HashJobResult } from './image-hash-job.ts';
import { createWorkerPool, JobFailedError, JobTimedOutError, PoolBusyError, type WorkerPool } from '../text/worker-pool.ts';

export type { HashedImage, ImageMime } from './image-hash-job.ts';

/**
 * How long one image may take. At the 64-megapixel limit (8000×8000), decode + SHA-256 + PDQ + crop
 * variants took 0.9 s for a JPEG, 1.5 s for a PNG, 0.5 s for a WebP, on a shared machine under a
 * load of 12 on 2 cores. Past this the input is refused (422), as one the server will not process.
 */
export const IMAGE_HASH_BUDGET_MS = 8_000;

export interface ImageHashingOptions {
  /** Worker threads; by default one fewer than the cores, at least 1 and at most 2. */
  size?: number;
  budgetMs?: number;
  /** Images that may wait for a worker; more are refused with 503 (AppError 'unavailable'). */
  queueLimit?: number;
}

let options: ImageHashingOptions = {};
let pool: WorkerPool<HashJob, HashJobResult> | null = null;

function sharedPool(): WorkerPool<HashJob, HashJobResult> {
  if (!pool) {
    const size = options.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    pool = createWorkerPool({
      entry: new URL('./image-hash.worker.ts', import.meta.url),
      size,
      budgetMs: options.budgetMs ?? IMAGE_HASH_BUDGET_MS,
      queueLimit: options.queueLimit ?? 8 * size,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      idleMs: 60_000,
    });
  }
  return pool;
}

/** Sets the pool's size, budget or queue (tests use a short budget); the next image starts it anew. */
export async function configureImageHashing(next: ImageHashingOptions): Promise<void> {
  await closeImageHashing();
  options = next;
}

/** Loads a worker ahead of the first image (loading takes about a second under tsx). */
export function warmImageHashing(): void {
  sharedPool().warm();
}

/** Stops the workers (they are started again on demand). Idle workers never hold a process open. */
export async function closeImageHashing(): Promise<void> {
  const old = pool;
  pool = null;
  await old?.close();
}

/**
 * SHA-256, type, size, PDQ and crop variants of an image (JPEG, PNG or WebP), decoded and hashed
 * in a worker within the time budget. `field` names the input in errors (e.g. `items[0].images[1]`).
 * `variants: false` skips the crop hashes (a query compares against the stored images' variants).
 */
export async function hashImage(bytes: Uint8Array, field: string, opts: { variants?: boolean } = {}): Promise<HashedImage> {
  // A view into a larger buffer would be copied to the worker whole (structured clone copies the
  // underlying ArrayBuffer): send only the image's bytes.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  let result: HashJobResult;
  try {
    result = await sharedPool().run({ bytes: own, field, variants: opts.variants ?? true });
  } catch (e) {
    if (e instanceof PoolBusyError) {
      throw new AppError('unavailable', 'Too many images are being hashed right now; try again in a moment', { extra: { retry_after: 1 } });
    }
    if (e instanceof JobTimedOutError) {
      throw AppError.validation([{ field, message: `could not be decoded within ${e.budgetMs} ms` }]);
    }
    if (e instanceof JobFailedError) throw AppError.validation([{ field, message: `could not be decoded (${e.message})` }]);
    throw e;
  }
  if (!result.ok) throw new AppError(result.code, result.message, { fields: result.fields });
  return result.image;
}
