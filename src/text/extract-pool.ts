/**
 * Article extraction for the server, the linker and the CLI: a page (HTML) is checked against the
 * limits of html-limits.ts on the calling thread, in linear time, then parsed in a worker thread
 * with a time budget; a parse past its budget is stopped and the page is "not extractable". Plain
 * text needs no parser and is handled where it is (its extractor is linear).
 */
import { availableParallelism } from 'node:os';
import type { ExtractedText } from '../core/extract-text.ts';
import { AppError } from '../core/errors.ts';
import { articleOf, htmlOf, type Article } from './article-text.ts';
import { htmlOverLimit } from './html-limits.ts';
import { notExtractableError, type NotExtractableReason } from './not-extractable.ts';
import { createWorkerPool, JobFailedError, JobTimedOutError, PoolBusyError, type WorkerPool } from './worker-pool.ts';

/** How long one page may take to parse. Real articles take well under 0.2 s. */
export const EXTRACT_BUDGET_MS = 2_000;

export interface ExtractionOptions {
  /** Worker threads; by default one fewer than the cores, at least 1 and at most 2. */
  size?: number;
  budgetMs?: number;
  /** Pages that may wait for a worker; more are refused with 503 (AppError 'unavailable'). */
  queueLimit?: number;
}

export type Extraction<T> = { ok: true; value: T } | { ok: false; reason: NotExtractableReason; message: string };

let options: ExtractionOptions = {};
let pool: WorkerPool<{ html: string }, ExtractedText> | null = null;

function sharedPool(): WorkerPool<{ html: string }, ExtractedText> {
  if (!pool) {
    const size = options.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    pool = createWorkerPool({
      entry: new URL('./extract.worker.ts', import.meta.url),
      size,
      budgetMs: options.budgetMs ?? EXTRACT_BUDGET_MS,
      queueLimit: options.queueLimit ?? 8 * size,
      // A hostile page may also try to exhaust memory: the worker dies, not the server.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      idleMs: 60_000,
    });
  }
  return pool;
}

/** Sets the pool's size, budget or queue (tests use a short budget); the next page starts it anew. */
export async function configureExtraction(next: ExtractionOptions): Promise<void> {
  await closeExtraction();
  options = next;
}

/**
 * Loads a worker ahead of the first page (loading takes about a second under tsx), so that the
 * first page, and the linker's transaction around it, does not wait for it. For servers.
 */
export function warmExtraction(): void {
  sharedPool().warm();
}

/** Stops the workers (they are started again on demand). Idle workers never hold a process open. */
export async function closeExtraction(): Promise<void> {
  const old = pool;
  pool = null;
  await old?.close();
}

/** The title and text of a page, parsed in a worker within the time budget. */
export async function extractHtml(html: string): Promise<Extraction<ExtractedText>> {
  const over = htmlOverLimit(html);
  if (over) return { ok: false, ...over };
  try {
    return { ok: true, value: await sharedPool().run({ html }) };
  } catch (e) {
    if (e instanceof PoolBusyError) {
      throw new AppError('unavailable', 'Too many pages are being extracted right now; try again in a moment', { extra: { retry_after: 1 } });
    }
    if (e instanceof JobTimedOutError) {
      return { ok: false, reason: 'timed_out', message: `could not be parsed within ${e.budgetMs} ms; send the article's text instead` };
    }
    if (!(e instanceof JobFailedError)) throw e;
    return { ok: false, reason: 'failed', message: `could not be parsed (${e.message}); send the article's text instead` };
  }
}

/** `articleOf` for callers that must not block: a page is parsed in a worker (see extractHtml). */
export async function extractArticle(input: { text?: string; html?: string }): Promise<Extraction<Article>> {
  const html = htmlOf(input);
  if (html === undefined) return { ok: true, value: articleOf(input) };
  const result = await extractHtml(html);
  return result.ok ? { ok: true, value: { ...result.value, extracted: true } } : result;
}

/**
 * The articles of many texts (the linker's batch), one page at a time: a batch never holds more
 * than one place in the pool's queue, so requests are not starved by background work.
 */
export async function extractArticles(inputs: readonly { text?: string; html?: string }[]): Promise<Extraction<Article>[]> {
  const out: Extraction<Article>[] = [];
  for (const input of inputs) out.push(await extractArticle(input));
  return out;
}

/** Why there is no value, or null when there is one. */
export function notExtractable<T>(result: Extraction<T>): NotExtractableReason | null {
  return result.ok ? null : result.reason;
}

/** The value, or the problem to answer the caller with, naming its field (see notExtractableError). */
export function extractedOrThrow<T>(result: Extraction<T>, field: string): T {
  if (result.ok) return result.value;
  throw notExtractableError(result.reason, result.message, field);
}
