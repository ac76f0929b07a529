/**
 * The network side of the standalone verifier: fetches what a minhbach server publishes (the
 * signed checkpoint, tiles, entry bundles, public records, proofs) with the global `fetch`, and
 * checks only the *form* of what comes back (a tile has exactly the hashes its path promises, a
 * bundle exactly the entries). Whether any of it is true is verify-log.ts's business.
 *
 * Depends on nothing of the server: only the pure log library (src/core/tlog) and the global
 * fetch, so this folder plus src/core/tlog is the whole "small package" a third party needs.
 */
import { AppError } from '../core/errors.ts';
import { decodeEntryBundle } from '../core/tlog/entry-bundle.ts';
import { fromBase64 } from '../core/tlog/encoding.ts';
import { HASH_SIZE } from '../core/tlog/merkle.ts';
import { entriesPath, splitTile, tilePath } from '../core/tlog/tile.ts';
import { TlogError } from '../core/tlog/tlog-error.ts';

/**
 * Why a verification failed, in one line naming what failed. `fork` marks the failures that
 * prove the log showed two incompatible histories (or shrank): a monitor's most serious finding.
 */
export class VerifyFailure extends Error {
  readonly kind: 'failed' | 'fork';
  /** For a fork: the two signed checkpoints (or what was remembered of the old one), as evidence. */
  readonly evidence?: Record<string, unknown>;

  constructor(message: string, options: { kind?: 'failed' | 'fork'; evidence?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'VerifyFailure';
    this.kind = options.kind ?? 'failed';
    if (options.evidence) this.evidence = options.evidence;
  }
}

/** Runs `fn`; a malformed-input or verification error from the log library becomes a VerifyFailure prefixed with `what`. */
export async function step<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof VerifyFailure) throw e;
    if (e instanceof TlogError || e instanceof AppError) throw new VerifyFailure(`${what}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** `tile/0/000.p/17` → `0/000.p/17`: how tiles are named in messages. */
export function tileName(level: number, index: number, width: number): string {
  return tilePath(level, index, width).slice('tile/'.length);
}

export function bundleName(index: number, width: number): string {
  return entriesPath(index, width).slice('tile/'.length);
}

export interface LogClientOptions {
  /** The log's prefix, e.g. `https://example.org/log` (checkpoint at `<log>/checkpoint`). */
  logUrl: string;
  /** The server's base URL for the public records API (`<api>/api/v1/public/records/<id>`). */
  apiUrl: string;
  fetch?: typeof fetch;
  /** Per request; default 30 s. */
  timeoutMs?: number;
  /** How many tiles (and, separately, entry bundles) to keep in memory for reuse; default 1024. */
  cacheLimit?: number;
}

/**
 * The most the verifier reads of any one answer. A hostile or broken server could otherwise send
 * an endless body and exhaust the monitor's memory; each limit is far above what a well-formed
 * answer of that kind can be (a checkpoint with a few cosignatures, a proof of 64 hashes, a public
 * record, a full tile of 256 hashes, a bundle of 256 entries of at most 64 KiB each).
 */
export const MAX_TEXT_BYTES = 1024 * 1024;
export const MAX_BUNDLE_BYTES = 256 * (2 + 65_535);

/** The body of `res`, or a VerifyFailure as soon as it passes `max` bytes (the rest is not read). */
async function readLimited(res: Response, url: string, max: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new VerifyFailure(`GET ${url}: the answer is ${declared} bytes, more than the ${max} this verifier reads`);
  }
  if (!res.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      throw new VerifyFailure(`GET ${url}: the answer is more than the ${max} bytes this verifier reads`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function trimSlash(url: string): string {
  // A loop, not /\/+$/: that regex is quadratic on a long run of slashes not at the end.
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

/**
 * The API base to use when none is given: the log prefix without its last `/log` segment (so a
 * server mounted under a path keeps it), or else the prefix's origin.
 */
export function defaultApiUrl(logUrl: string): string {
  const u = new URL(trimSlash(logUrl));
  if (u.pathname.endsWith('/log')) return `${u.origin}${u.pathname.slice(0, -'/log'.length)}`;
  return u.origin;
}

export class LogClient {
  readonly logUrl: string;
  readonly apiUrl: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #cacheLimit: number;
  readonly #tiles = new Map<string, Promise<Uint8Array>>();
  readonly #bundles = new Map<string, Promise<Uint8Array[]>>();
  /** Requests made, for the summary. */
  requests = 0;

  constructor(options: LogClientOptions) {
    this.logUrl = trimSlash(options.logUrl);
    this.apiUrl = trimSlash(options.apiUrl);
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#cacheLimit = options.cacheLimit ?? 1024;
  }

  /** GETs `url`; anything but a 200 is a VerifyFailure naming the URL. */
  async #get(url: string, accept: string): Promise<Response> {
    this.requests++;
    let res: Response;
    try {
      res = await this.#fetch(url, { headers: { accept }, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const why = err.name === 'TimeoutError' ? `no answer within ${this.#timeoutMs} ms` : [err.message, err.cause?.code ?? err.cause?.message].filter(Boolean).join(': ');
      throw new VerifyFailure(`GET ${url}: ${why}`, { cause: e });
    }
    if (res.status !== 200) {
      let detail = '';
      try {
        const text = new TextDecoder().decode(await readLimited(res, url, 4096)).trim();
        try {
          const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
          detail = String(problem.detail ?? problem.title ?? '');
        } catch {
          detail = text;
        }
      } catch {
        // The status says enough.
      }
      detail = detail.replace(/\s+/g, ' ').slice(0, 200);
      throw new VerifyFailure(`GET ${url}: HTTP ${res.status}${detail ? ` (${detail})` : ''}`);
    }
    return res;
  }

  async #text(url: string): Promise<string> {
    const res = await this.#get(url, 'text/plain');
    // Strict UTF-8: the note parser must see exactly the bytes that were signed.
    const bytes = await readLimited(res, url, MAX_TEXT_BYTES);
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new VerifyFailure(`GET ${url}: the answer is not valid UTF-8`);
    }
  }

  async #bytes(url: string, max: number): Promise<Uint8Array> {
    const res = await this.#get(url, 'application/octet-stream');
    return readLimited(res, url, max);
  }

  #cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>, keep = true): Promise<T> {
    const hit = cache.get(key);
    if (hit) return hit;
    const p = load();
    if (keep && cache.size < this.#cacheLimit) {
      cache.set(key, p);
      // A failed fetch is not remembered: the caller fails anyway, and a retry should refetch.
      p.catch(() => cache.delete(key));
    }
    return p;
  }

  checkpointUrl(): string {
    return `${this.logUrl}/checkpoint`;
  }

  /** The signed checkpoint note, unopened. */
  checkpoint(): Promise<string> {
    return this.#text(this.checkpointUrl());
  }

  /**
   * Tile (level, index) at `width` hashes, checked to be exactly that wide. Kept for reuse unless
   * `cache: false` (a full audit reads every tile once).
   */
  tile(level: number, index: number, width: number, options: { cache?: boolean } = {}): Promise<Uint8Array> {
    return this.#cached(
      this.#tiles,
      `${level}/${index}/${width}`,
      async () => {
        const url = `${this.logUrl}/${tilePath(level, index, width)}`;
        const bytes = await this.#bytes(url, width * HASH_SIZE);
        if (bytes.length !== width * HASH_SIZE) {
          throw new VerifyFailure(`tile ${tileName(level, index, width)}: ${url} returned ${bytes.length} bytes, expected ${width} hashes (${width * HASH_SIZE} bytes)`);
        }
        await step(`tile ${tileName(level, index, width)}`, () => splitTile(bytes, width));
        return bytes;
      },
      options.cache,
    );
  }

  /** The entries of bundle `index` at `width` entries, checked to be exactly that many. */
  entryBundle(index: number, width: number, options: { cache?: boolean } = {}): Promise<Uint8Array[]> {
    return this.#cached(
      this.#bundles,
      `${index}/${width}`,
      async () => {
        const bytes = await this.#bytes(`${this.logUrl}/${entriesPath(index, width)}`, MAX_BUNDLE_BYTES);
        return step(`entry bundle ${bundleName(index, width)}`, () => decodeEntryBundle(bytes, width));
      },
      options.cache,
    );
  }

  recordUrl(id: string): string {
    return `${this.apiUrl}/api/v1/public/records/${encodeURIComponent(id)}`;
  }

  /** The public record as the server shows it (JSON), unchecked. */
  async record(id: string): Promise<unknown> {
    const url = this.recordUrl(id);
    const text = await this.#text(url);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VerifyFailure(`GET ${url}: the answer is not JSON`);
    }
  }

  dumpsUrl(cursor?: string): string {
    return `${this.apiUrl}/api/v1/public/dumps?limit=200${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
  }

  /** One page of the open data dumps list (JSON), unchecked. */
  async dumps(cursor?: string): Promise<unknown> {
    const url = this.dumpsUrl(cursor);
    const text = await this.#text(url);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new VerifyFailure(`GET ${url}: the answer is not JSON`);
    }
  }

  /** The c2sp.org/tlog-proof text for a record, unparsed. */
  recordProof(id: string): Promise<string> {
    return this.#text(`${this.recordUrl(id)}/proof`);
  }

  consistencyUrl(oldSize: number, newSize: number): string {
    return `${this.logUrl}/consistency?old=${oldSize}&new=${newSize}`;
  }

  /** The server's own consistency proof between two sizes: one base64 hash per line. */
  async consistency(oldSize: number, newSize: number): Promise<Uint8Array[]> {
    const url = this.consistencyUrl(oldSize, newSize);
    const text = await this.#text(url);
    const lines = text.split('\n');
    if (lines.pop() !== '') throw new VerifyFailure(`GET ${url}: the proof must end with a newline`);
    return step(`consistency proof from ${url}`, () =>
      lines.map((l, i) => {
        const h = fromBase64(l, `proof[${i}]`);
        if (h.length !== HASH_SIZE) throw new VerifyFailure(`consistency proof from ${url}: hash ${i} is ${h.length} bytes, not ${HASH_SIZE}`);
        return h;
      }),
    );
  }
}
