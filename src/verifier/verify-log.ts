/**
 * The standalone verifier of a minhbach transparency log: what anyone can run, with nothing of
 * the server but this folder and the pure log library (src/core/tlog), to check that
 *
 * 1. the log's latest checkpoint is signed by the log key they were given;
 * 2. the tiles recompute to the checkpoint's root: every level-0 hash is the leaf hash of the
 *    entry at that index, every higher tile holds the subtree roots of the full tiles below,
 *    and the peaks fold to the signed root (with `fullAudit: false`, only the peaks are read);
 * 3. a public record (`recordId`) is in the log, its published document hashes to what its entry
 *    commits to (or its body was withdrawn by a withdrawal record that is itself in the log), and
 *    the checkpoint its proof came with is consistent with the one checked in 1;
 *    or an entry's exact bytes (`entry`) are in the log;
 * 4. with a state file, the checkpoint extends the last one this verifier saw: the log only grew,
 *    no fork, no rewrite, no rollback. The state is replaced (atomically) only when all passed.
 *
 * Failures throw VerifyFailure with a one-line message naming what failed.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { type Checkpoint, openCheckpoint } from '../core/tlog/checkpoint.ts';
import { bytesEqual, toBase64, toHex } from '../core/tlog/encoding.ts';
import { type LogEntry, parseLogEntry, recordDigest } from '../core/tlog/log-entry.ts';
import { EMPTY_ROOT, HASH_SIZE, type NodeId, type ProofStep, buildProof, consistencyPlan, leafHash, peakNodes, verifyConsistency } from '../core/tlog/merkle.ts';
import { type VerifierKey, parseVerifierKey } from '../core/tlog/note.ts';
import { TILE_WIDTH, rootFromTiles, splitTile, tileHashReader, tileLevels, tileParentHash, tileWidthAt, tilesForNodes } from '../core/tlog/tile.ts';
import { parseTlogProof, verifyTlogProof } from '../core/tlog/tlog-proof.ts';
import { checkDumpLines, hashFile } from './dump-check.ts';
import { LogClient, VerifyFailure, bundleName, defaultApiUrl, step, tileName } from './log-client.ts';

export { VerifyFailure } from './log-client.ts';

export interface VerifyOptions {
  /** The log's prefix URL, e.g. `https://example.org/log`. */
  logUrl: string;
  /** The log's verifier key string, `<name>+<key id>+<base64 key>`. Never taken from the server. */
  key: string;
  /** Base URL of the records API; default: `logUrl` without its final `/log` (see defaultApiUrl). */
  apiUrl?: string;
  /** A public record to check. */
  recordId?: string;
  /** The exact bytes of a log entry to check for inclusion. */
  entry?: Uint8Array;
  /**
   * A downloaded open data dump (any format): found among the server's dumps by its SHA-256, its
   * dump record checked in the log, and a JSON lines dump checked entry by entry to be exactly
   * the log's first records (dump-check.ts).
   */
  dumpPath?: string;
  /** A file remembering the last verified checkpoint. */
  statePath?: string;
  /** Read every tile and entry bundle (default) or only the tiles the peaks and proofs need. */
  fullAudit?: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Human-readable progress lines. */
  report?: (line: string) => void;
  /** Full-audit progress: tiles checked so far out of `total`; `entries` checked so far. */
  onProgress?: (done: number, total: number, entries: number) => void;
  /** Fetches in flight at once during the full audit; default 16. */
  concurrency?: number;
}

export interface RecordResult {
  id: string;
  index: number;
  type: string;
  time: string;
  sha256: string;
  /** `included`: the document hashes to its entry; `withdrawn`: the body went, by `withdrawal_id`. */
  status: 'included' | 'withdrawn';
  withdrawal_id?: string;
  withdrawal_index?: number;
  /** Size of the checkpoint the record's proof came with. */
  proof_size: number;
}

export interface VerifySummary {
  ok: true;
  origin: string;
  size: number;
  /** Base64, as in the checkpoint. */
  root: string;
  audit: { mode: 'full' | 'peaks'; tiles: number; entries: number };
  record?: RecordResult;
  entry?: { id: string; index: number; type: string; time: string; sha256: string; proof_size: number };
  state?: { path: string; previous_size: number | null; previous_root: string | null; written: true };
  dump?: DumpResult;
  requests: number;
}

export interface DumpResult {
  file: string;
  sha256: string;
  format: string;
  dump_id: string;
  /** The open_data_dump record listing this file, and its place in the log. */
  record_id: string;
  record_index: number;
  /** The checkpoint the dump is: its records are the log's entries 0 to size − 1. */
  size: number;
  root: string;
  /** `entries`: every line checked against the log (JSON lines); `digest`: the file's SHA-256 only. */
  checked: 'entries' | 'digest';
  withdrawn?: number;
}

/** What the state file holds: the last checkpoint this verifier accepted. */
export interface VerifierState {
  version: 1;
  origin: string;
  size: number;
  root: string;
  /** The signed note verbatim, as evidence should the log later contradict it. */
  checkpoint: string;
  verified_at: string;
}

/** The verifier key from a `--key` value: the key string itself, or `@file` holding it. */
export async function loadVerifierKey(value: string): Promise<VerifierKey> {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = (await readFile(value.slice(1), 'utf8')).trim();
    } catch (e) {
      throw new VerifyFailure(`--key ${value}: cannot read the key file (${(e as Error).message})`);
    }
  }
  return step('--key', () => parseVerifierKey(text));
}

function b64(h: Uint8Array): string {
  return toBase64(h);
}

/** Runs `fn` over `items` with at most `limit` in flight, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

class Verifier {
  readonly client: LogClient;
  readonly key: VerifierKey;
  readonly opts: VerifyOptions;
  readonly report: (line: string) => void;

  constructor(client: LogClient, key: VerifierKey, opts: VerifyOptions) {
    this.client = client;
    this.key = key;
    this.opts = opts;
    this.report = opts.report ?? (() => undefined);
  }

  // -------------------------------------------------------------------------------------------
  // Reading nodes out of tiles.

  /** A synchronous hash reader over the tiles holding `nodes` in a tree of `size`, fetched first. */
  async reader(nodes: readonly NodeId[], size: number) {
    const ids = tilesForNodes(nodes, size);
    const tiles = new Map<string, Uint8Array>();
    await mapLimit(ids, this.opts.concurrency ?? 16, async (t) => tiles.set(`${t.level}/${t.index}`, await this.client.tile(t.level, t.index, t.width)));
    const getTile = (l: number, i: number) => tiles.get(`${l}/${i}`);
    return { getTile, read: tileHashReader(getTile) };
  }

  /** A proof computed locally from the tiles of the tree of `size`. */
  async proofFromTiles(plan: readonly ProofStep[], size: number): Promise<Uint8Array[]> {
    const { read } = await this.reader(plan.flat(), size);
    return buildProof(plan, read);
  }

  // -------------------------------------------------------------------------------------------
  // 1. The checkpoint.

  async checkpoint(): Promise<{ checkpoint: Checkpoint; note: string }> {
    const url = this.client.checkpointUrl();
    const note = await this.client.checkpoint();
    const opened = await step(`checkpoint from ${url}`, () => openCheckpoint(note, this.key));
    const cp = opened.checkpoint;
    this.report(`checkpoint: origin ${cp.origin}, size ${cp.size}, root ${b64(cp.root)} (signature by ${this.key.name} verified)`);
    return { checkpoint: cp, note };
  }

  // -------------------------------------------------------------------------------------------
  // 2. The tiles.

  /** Every tile and entry bundle of the tree, each level checked against the one below. */
  async fullAudit(cp: Checkpoint): Promise<{ tiles: number; entries: number }> {
    const levels = tileLevels(cp.size);
    const total = levels.reduce((n, l) => n + l.fullTiles + (l.partialWidth > 0 ? 1 : 0), 0);
    let done = 0;
    let entriesChecked = 0;
    const concurrency = this.opts.concurrency ?? 16;
    // Subtree roots of the full tiles of the level below, end to end: what this level must hold.
    let expected = new Uint8Array(0);
    for (const { level, fullTiles, partialWidth } of levels) {
      const count = fullTiles + (partialWidth > 0 ? 1 : 0);
      const ids = Array.from({ length: count }, (_, index) => ({ index, width: index < fullTiles ? TILE_WIDTH : partialWidth }));
      const parents = new Uint8Array(fullTiles * HASH_SIZE);
      // In windows, and only the last tile of a level (which holds the peaks) is kept in the
      // client's cache, so memory stays bounded however large the log is.
      const window = concurrency * 4;
      for (let at = 0; at < ids.length; at += window) {
        const fetched = await mapLimit(ids.slice(at, at + window), concurrency, async ({ index, width }) => {
          const cache = index === count - 1;
          const [tile, entries] = await Promise.all([this.client.tile(level, index, width, { cache }), level === 0 ? this.client.entryBundle(index, width, { cache }) : null]);
          return { index, width, tile, entries };
        });
        for (const { index, width, tile, entries } of fetched) {
          const name = tileName(level, index, width);
          const hashes = splitTile(tile, width);
          if (entries) {
            hashes.forEach((h, j) => {
              const n = index * TILE_WIDTH + j;
              const entry = entries[j]!;
              if (!bytesEqual(h, leafHash(entry))) throw new VerifyFailure(`tile ${name}: hash ${j} is not the leaf hash of entry ${n} (entry bundle ${bundleName(index, width)})`);
              try {
                parseLogEntry(entry);
              } catch (e) {
                throw new VerifyFailure(`entry ${n} (entry bundle ${bundleName(index, width)}): not a valid log entry: ${(e as Error).message}`);
              }
            });
            entriesChecked += entries.length;
          } else {
            hashes.forEach((h, j) => {
              const below = index * TILE_WIDTH + j;
              if (!bytesEqual(h, expected.subarray(below * HASH_SIZE, (below + 1) * HASH_SIZE))) {
                throw new VerifyFailure(`tile ${name}: hash ${j} is not the root of tile ${tileName(level - 1, below, TILE_WIDTH)} below it`);
              }
            });
          }
          if (width === TILE_WIDTH) parents.set(tileParentHash(tile), index * HASH_SIZE);
          done++;
          this.opts.onProgress?.(done, total, entriesChecked);
        }
      }
      expected = parents;
    }
    return { tiles: total, entries: entriesChecked };
  }

  async checkRoot(cp: Checkpoint): Promise<{ mode: 'full' | 'peaks'; tiles: number; entries: number }> {
    if (cp.size === 0) {
      if (!bytesEqual(cp.root, EMPTY_ROOT)) throw new VerifyFailure(`checkpoint: the empty log's root must be ${b64(EMPTY_ROOT)}, not ${b64(cp.root)}`);
      this.report('tiles: the log is empty, its root is the empty root');
      return { mode: this.opts.fullAudit === false ? 'peaks' : 'full', tiles: 0, entries: 0 };
    }
    let audit = { tiles: 0, entries: 0 };
    if (this.opts.fullAudit !== false) audit = await this.fullAudit(cp);
    const { getTile } = await this.reader(peakNodes(cp.size), cp.size);
    const root = await step('root from tiles', () => rootFromTiles(cp.size, getTile));
    if (!bytesEqual(root, cp.root)) throw new VerifyFailure(`root recomputed from the tiles (${b64(root)}) is not the checkpoint root (${b64(cp.root)})`);
    if (this.opts.fullAudit === false) {
      const tiles = tilesForNodes(peakNodes(cp.size), cp.size).length;
      this.report(`tiles: the ${tiles} tile(s) holding the peaks recompute the checkpoint root (no full audit)`);
      return { mode: 'peaks', tiles, entries: 0 };
    }
    this.report(`tiles: all ${audit.tiles} tiles and ${audit.entries} entries checked; they recompute the checkpoint root`);
    return { mode: 'full', ...audit };
  }

  // -------------------------------------------------------------------------------------------
  // Two checkpoints of one log.

  /**
   * Throws unless the tree `old` is a prefix of the larger tree `cur`, by a consistency proof
   * computed here from the tiles of `cur`. The proof must lead to both signed roots, so the
   * server cannot tailor tiles to the old root. If it fails, the server's own proof
   * (/log/consistency) tells the two causes apart: if that one verifies, the log is consistent
   * and only the tiles are corrupt; if it does not either, the log cannot show that it extends
   * the old tree: a fork, or a rewrite. With `crossCheck`, the server's proof must verify even
   * when the tiles' proof does (a monitor checks the proof service too).
   */
  async provePrefix(old: Checkpoint, cur: Checkpoint, fork: (why: string) => VerifyFailure, crossCheck: boolean): Promise<void> {
    const local = await this.proofFromTiles(consistencyPlan(old.size, cur.size), cur.size);
    let localError: Error | null = null;
    try {
      verifyConsistency(old.size, cur.size, local, old.root, cur.root);
    } catch (e) {
      localError = e as Error;
    }
    if (!localError && !crossCheck) return;
    const url = this.client.consistencyUrl(old.size, cur.size);
    let serverError: Error | null = null;
    try {
      verifyConsistency(old.size, cur.size, await this.client.consistency(old.size, cur.size), old.root, cur.root);
    } catch (e) {
      serverError = e as Error;
    }
    if (localError && serverError) {
      // Without the full audit, the tiles under the proof were not checked: they may just be corrupt.
      const hint = this.opts.fullAudit === false ? '; a full audit (without --no-full-audit) would tell corrupt tiles from a fork' : '';
      throw fork(`${localError.message} (the server's proof from ${url} fails too: ${serverError.message}${hint})`);
    }
    if (localError) {
      throw new VerifyFailure(
        `the tiles of the tree of size ${cur.size} give no valid consistency proof from size ${old.size} (${localError.message}), though the server's proof from ${url} verifies: the tiles are corrupt`,
      );
    }
    if (serverError) throw new VerifyFailure(`the server's consistency proof from ${url} does not verify (${serverError.message}), though the one from the tiles does`);
  }

  /** Throws unless the trees `a` and `b` are one a prefix of the other (see provePrefix). */
  async checkConsistent(a: { label: string; cp: Checkpoint }, b: { label: string; cp: Checkpoint }): Promise<void> {
    const [small, large] = a.cp.size <= b.cp.size ? [a, b] : [b, a];
    if (small.cp.size === large.cp.size) {
      if (!bytesEqual(small.cp.root, large.cp.root)) {
        throw new VerifyFailure(`fork or rewrite detected: ${a.label} and ${b.label} both have size ${a.cp.size} but different roots (${b64(a.cp.root)} and ${b64(b.cp.root)})`, {
          kind: 'fork',
        });
      }
      return;
    }
    if (small.cp.size === 0) return; // every tree extends the empty tree
    await this.provePrefix(
      small.cp,
      large.cp,
      (why) =>
        new VerifyFailure(`fork or rewrite detected: ${small.label} (size ${small.cp.size}) is not a prefix of ${large.label} (size ${large.cp.size}): ${why}`, { kind: 'fork' }),
      false,
    );
  }

  // -------------------------------------------------------------------------------------------
  // 3. Inclusion.

  /**
   * Fetches the proof for record `id`, and the entry at its index from the entry bundle (or takes
   * `entryBytes`), verifies the proof for that entry, and that the proof's checkpoint is
   * consistent with the checkpoint checked in step 1. Returns the entry and where it is.
   */
  async proveInclusion(id: string, main: Checkpoint, what: string, entryBytes?: Uint8Array) {
    const proofUrl = `${this.client.recordUrl(id)}/proof`;
    const text = await this.client.recordProof(id);
    const parsed = await step(`${what}: proof from ${proofUrl}`, () => parseTlogProof(text));
    const proofCp = (await step(`${what}: the proof's checkpoint`, () => openCheckpoint(parsed.checkpoint, this.key))).checkpoint;
    let entry = entryBytes;
    if (entry === undefined) {
      if (parsed.index >= proofCp.size) throw new VerifyFailure(`${what}: the proof's index ${parsed.index} is not in its tree of size ${proofCp.size}`);
      const bundle = Math.floor(parsed.index / TILE_WIDTH);
      // Entries are immutable: any bundle width that covers the index shows the same bytes.
      const size = parsed.index < main.size ? main.size : proofCp.size;
      entry = (await this.client.entryBundle(bundle, tileWidthAt(0, bundle, size)))[parsed.index % TILE_WIDTH]!;
    }
    const verified = await step(`${what}: inclusion proof of entry ${parsed.index}`, () => verifyTlogProof(text, { entry: entry! }, this.key));
    if (verified.checkpoint.size !== main.size) {
      this.report(`${what}: the proof came with a checkpoint of size ${verified.checkpoint.size}; checking it is consistent with size ${main.size}`);
    }
    await this.checkConsistent({ label: `the checkpoint of ${what}'s proof`, cp: verified.checkpoint }, { label: 'the log checkpoint', cp: main });
    return { index: verified.index, entry, proofSize: verified.checkpoint.size };
  }

  async record(id: string, main: Checkpoint, nested = false): Promise<RecordResult & { document: Record<string, unknown> }> {
    const what = nested ? `withdrawal record ${id}` : `record ${id}`;
    const url = this.client.recordUrl(id);
    const doc = await this.client.record(id);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new VerifyFailure(`${what}: ${url} did not return a JSON object`);
    // log_index and superseded_by (a later correction's id) are added when served, not hashed.
    const { log_index: logIndex, superseded_by: _supersededBy, ...document } = doc as Record<string, unknown>;
    if (document.id !== id) throw new VerifyFailure(`${what}: ${url} returned the record ${JSON.stringify(document.id)}`);
    const digest = toHex(await step(`${what}: the document`, () => recordDigest(document)));
    const { index, entry: bytes, proofSize } = await this.proveInclusion(id, main, what);
    const entry: LogEntry = await step(`${what}: log entry ${index}`, () => parseLogEntry(bytes));
    if (entry.id !== id) throw new VerifyFailure(`${what}: log entry ${index} is for record ${entry.id}, not this one`);
    if (logIndex !== undefined && logIndex !== null && logIndex !== index)
      throw new VerifyFailure(`${what}: the server says log_index ${String(logIndex)}, but its proof is for index ${index}`);
    if (entry.type !== document.type)
      throw new VerifyFailure(`${what}: the document's type ${JSON.stringify(document.type)} is not the type "${entry.type}" in log entry ${index}`);
    if (entry.time !== document.published_at)
      throw new VerifyFailure(`${what}: the document's published_at ${JSON.stringify(document.published_at)} is not the time "${entry.time}" in log entry ${index}`);
    const base = { id, index, type: entry.type, time: entry.time, sha256: entry.sha256, proof_size: proofSize };

    if (document.withdrawn === true) {
      // The body was withdrawn: the leaf stays (checked above), the document is a tombstone that
      // names the withdrawal, which must itself be a logged record saying it withdrew this one.
      const withdrawalId = document.withdrawal_id;
      if (typeof withdrawalId !== 'string') throw new VerifyFailure(`${what}: the document says withdrawn but names no withdrawal_id`);
      if (nested) throw new VerifyFailure(`${what}: a withdrawal record cannot itself be withdrawn`);
      const w = await this.record(withdrawalId, main, true);
      if (w.type !== 'withdrawal') throw new VerifyFailure(`${what}: its withdrawal_id ${withdrawalId} is a ${w.type} record, not a withdrawal`);
      if (w.document.withdrawn_record_id !== id)
        throw new VerifyFailure(`${what}: withdrawal record ${withdrawalId} withdraws ${JSON.stringify(w.document.withdrawn_record_id)}, not this record`);
      const before = digest === entry.sha256 ? ' (withdrawn before it was logged: its entry commits to the tombstone)' : '';
      this.report(`${what}: entry ${index} is in the log; its body was withdrawn by record ${withdrawalId} (entry ${w.index}, itself in the log)${before}`);
      return { ...base, status: 'withdrawn', withdrawal_id: withdrawalId, withdrawal_index: w.index, document };
    }
    if (digest !== entry.sha256) {
      throw new VerifyFailure(
        `${what}: the SHA-256 of the published document (${digest}) is not the sha256 in log entry ${index} (${entry.sha256}): the record was changed after it was logged`,
      );
    }
    this.report(`${what}: entry ${index} is in the log and the published document matches its digest ${digest}`);
    return { ...base, status: 'included', document };
  }

  async dump(path: string, main: Checkpoint): Promise<DumpResult> {
    const { sha256 } = await hashFile(path);
    const what = `--dump ${path}`;
    // The list only says where to look; everything that counts is read from the logged record.
    // Found by its SHA-256, or else by its name (a changed copy of a listed file: the lines below
    // then say which record differs).
    const name = basename(path);
    let listed: { dumpId: string; recordId: string; byName: boolean } | null = null;
    for (let cursor: string | undefined, pages = 0; pages < 10_000; pages++) {
      const page = (await this.client.dumps(cursor)) as { items?: unknown; next_cursor?: unknown };
      const items = Array.isArray(page?.items) ? (page.items as Record<string, unknown>[]) : [];
      for (const d of items) {
        const files = Array.isArray(d.files) ? (d.files as Record<string, unknown>[]) : [];
        if (typeof d.public_record_id !== 'string' || typeof d.id !== 'string') continue;
        if (files.some((f) => f.sha256 === sha256)) listed = { dumpId: d.id, recordId: d.public_record_id, byName: false };
        else if (!listed && files.some((f) => f.name === name)) listed = { dumpId: d.id, recordId: d.public_record_id, byName: true };
      }
      if ((listed && !listed.byName) || typeof page?.next_cursor !== 'string') break;
      cursor = page.next_cursor;
    }
    if (!listed) throw new VerifyFailure(`${what}: no dump listed at ${this.client.dumpsUrl()} has a file with this SHA-256 (${sha256}) or this name: not a dump of this log`);
    const rec = await this.record(listed.recordId, main);
    const doc = rec.document;
    if (rec.status !== 'included' || rec.type !== 'open_data_dump') throw new VerifyFailure(`${what}: record ${listed.recordId} is not a logged open_data_dump record`);
    const file = (Array.isArray(doc.files) ? (doc.files as Record<string, unknown>[]) : []).find((f) => (listed.byName ? f.name === name : f.sha256 === sha256));
    if (!file) throw new VerifyFailure(`${what}: the logged dump record ${listed.recordId} does not list a file with SHA-256 ${sha256}`);
    const changed = () =>
      new VerifyFailure(
        `${what}: its SHA-256 ${sha256} is not that of the published ${String(file.name)} (${String(file.sha256)}, in logged record ${listed.recordId}): the file was changed`,
      );
    const cpDoc = (doc.checkpoint ?? {}) as Record<string, unknown>;
    if (typeof cpDoc.note !== 'string') throw new VerifyFailure(`${what}: the dump record ${listed.recordId} has no checkpoint note`);
    const dumpCp = (await step(`${what}: the dump record's checkpoint`, () => openCheckpoint(cpDoc.note as string, this.key))).checkpoint;
    if (cpDoc.size !== dumpCp.size || cpDoc.root_hash !== b64(dumpCp.root))
      throw new VerifyFailure(`${what}: the dump record's size and root_hash are not its signed checkpoint's`);
    await this.checkConsistent({ label: `the checkpoint of dump ${listed.dumpId}`, cp: dumpCp }, { label: 'the log checkpoint', cp: main });
    const base = { file: path, sha256, format: String(file.format), dump_id: listed.dumpId, record_id: rec.id, record_index: rec.index, size: dumpCp.size, root: b64(dumpCp.root) };
    if (file.format !== 'jsonl') {
      if (listed.byName) throw changed();
      this.report(
        `${what}: its SHA-256 ${sha256} is the ${String(file.format)} file of dump ${listed.dumpId} (record ${rec.id}, entry ${rec.index} of the log), of the checkpoint of size ${dumpCp.size}`,
      );
      return { ...base, checked: 'digest' };
    }
    // The log's own entries, one bundle at a time, to name the first line that differs.
    let bundle: { index: number; entries: Uint8Array[] } | null = null;
    const logEntry = async (index: number) => {
      const b = Math.floor(index / TILE_WIDTH);
      if (bundle?.index !== b) bundle = { index: b, entries: await this.client.entryBundle(b, tileWidthAt(0, b, dumpCp.size), { cache: false }) };
      return bundle.entries[index % TILE_WIDTH]!;
    };
    const lines = await checkDumpLines(path, dumpCp, { logEntry });
    // Every record is the log's, yet the bytes are not the published file's (re-encoded?): still not the file published.
    if (listed.byName) throw changed();
    // A tombstone must name a logged withdrawal of that very record (in the dump, or later in the log).
    for (const w of lines.withdrawn) {
      const inDump = lines.withdrawals.get(w.withdrawal_id);
      if (inDump) {
        if (inDump.withdrawn_record_id !== w.id)
          throw new VerifyFailure(`${what}: record ${w.id} (log index ${w.index}) names withdrawal ${w.withdrawal_id} (log index ${inDump.index}), which withdraws another record`);
        continue;
      }
      const withdrawal = await this.record(w.withdrawal_id, main, true);
      if (withdrawal.type !== 'withdrawal' || withdrawal.document.withdrawn_record_id !== w.id)
        throw new VerifyFailure(`${what}: record ${w.id} (log index ${w.index}) names ${w.withdrawal_id}, which is no logged withdrawal of it`);
    }
    this.report(
      `${what}: its ${lines.lines} records are exactly entries 0 to ${lines.lines - 1} of the log (root ${b64(dumpCp.root)}), dump ${listed.dumpId} (record ${rec.id}, entry ${rec.index})`,
    );
    return { ...base, checked: 'entries', withdrawn: lines.withdrawn.length };
  }

  async entry(bytes: Uint8Array, main: Checkpoint) {
    const entry = await step('entry file', () => parseLogEntry(bytes));
    const what = `entry of record ${entry.id}`;
    const { index, proofSize } = await this.proveInclusion(entry.id, main, what, bytes);
    this.report(`${what}: exactly these ${bytes.length} bytes are entry ${index} of the log`);
    return { ...entry, index, proof_size: proofSize };
  }

  // -------------------------------------------------------------------------------------------
  // 4. The state.

  async readState(path: string): Promise<VerifierState | null> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new VerifyFailure(`state file ${path}: cannot read it (${(e as Error).message})`);
    }
    let s: VerifierState;
    try {
      s = JSON.parse(text) as VerifierState;
    } catch {
      throw new VerifyFailure(`state file ${path}: not JSON`);
    }
    if (typeof s !== 'object' || s === null || s.version !== 1 || typeof s.checkpoint !== 'string') throw new VerifyFailure(`state file ${path}: not a verifier state (version 1)`);
    if (s.origin !== this.key.name) throw new VerifyFailure(`state file ${path}: it is for the log ${JSON.stringify(s.origin)}, not ${this.key.name}`);
    // The remembered checkpoint is opened again: a corrupted state must not pass for a fork (or hide one).
    const cp = (await step(`state file ${path}: its checkpoint`, () => openCheckpoint(s.checkpoint, this.key))).checkpoint;
    if (cp.size !== s.size || b64(cp.root) !== s.root) throw new VerifyFailure(`state file ${path}: size and root do not match its checkpoint`);
    return s;
  }

  async checkAgainstState(state: VerifierState, note: string, cp: Checkpoint, path: string): Promise<void> {
    const old = (await step(`state file ${path}`, () => openCheckpoint(state.checkpoint, this.key))).checkpoint;
    const evidence = { previous_checkpoint: state.checkpoint, checkpoint: note };
    if (cp.size < old.size) {
      throw new VerifyFailure(`fork or rewrite detected: the log shrank from size ${old.size} (last verified ${state.verified_at}) to ${cp.size}; a log may only grow`, {
        kind: 'fork',
        evidence,
      });
    }
    if (cp.size === old.size) {
      if (!bytesEqual(cp.root, old.root))
        throw new VerifyFailure(`fork or rewrite detected: size ${cp.size} has root ${b64(cp.root)} now, but had ${b64(old.root)} when last verified (${state.verified_at})`, {
          kind: 'fork',
          evidence,
        });
      this.report(`state: same checkpoint as last verified (size ${cp.size})`);
      return;
    }
    if (old.size === 0) {
      this.report(`state: the log grew from empty to size ${cp.size}`);
      return;
    }
    await this.provePrefix(
      old,
      cp,
      (why) =>
        new VerifyFailure(
          `fork or rewrite detected: the checkpoint of size ${cp.size} is not consistent with the one of size ${old.size} last verified (${state.verified_at}): ${why}`,
          {
            kind: 'fork',
            evidence,
          },
        ),
      true,
    );
    this.report(`state: the log grew from size ${old.size} to ${cp.size} consistently (proof from the tiles, and the server's, verified)`);
  }

  async writeState(path: string, note: string, cp: Checkpoint): Promise<void> {
    const state: VerifierState = { version: 1, origin: cp.origin, size: cp.size, root: b64(cp.root), checkpoint: note, verified_at: new Date().toISOString() };
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(`${JSON.stringify(state, null, 2)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, path);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw new VerifyFailure(`state file ${path}: cannot replace it (${(e as Error).message})`);
    }
  }
}

/** Runs every check the options ask for; resolves with the summary, or throws VerifyFailure. */
export async function verifyLog(opts: VerifyOptions): Promise<VerifySummary> {
  if (opts.recordId !== undefined && opts.entry !== undefined) throw new VerifyFailure('give a record id or an entry, not both');
  const key = await loadVerifierKey(opts.key);
  const client = new LogClient({ logUrl: opts.logUrl, apiUrl: opts.apiUrl ?? defaultApiUrl(opts.logUrl), fetch: opts.fetch, timeoutMs: opts.timeoutMs });
  const v = new Verifier(client, key, opts);

  // The state is read first: a broken state file should stop the run before any network work.
  const state = opts.statePath === undefined ? null : await v.readState(opts.statePath);
  const { checkpoint: cp, note } = await v.checkpoint();
  const audit = await v.checkRoot(cp);
  if (state && opts.statePath !== undefined) await v.checkAgainstState(state, note, cp, opts.statePath);
  let record: RecordResult | undefined;
  if (opts.recordId !== undefined) {
    const { document: _document, ...r } = await v.record(opts.recordId, cp);
    record = r;
  }
  const entry = opts.entry === undefined ? undefined : await v.entry(opts.entry, cp);
  const dump = opts.dumpPath === undefined ? undefined : await v.dump(opts.dumpPath, cp);
  if (opts.statePath !== undefined) {
    await v.writeState(opts.statePath, note, cp);
    v.report(`state: checkpoint of size ${cp.size} remembered in ${opts.statePath}`);
  }
  return {
    ok: true,
    origin: cp.origin,
    size: cp.size,
    root: b64(cp.root),
    audit,
    ...(record ? { record } : {}),
    ...(entry ? { entry } : {}),
    ...(dump ? { dump } : {}),
    ...(opts.statePath !== undefined ? { state: { path: opts.statePath, previous_size: state?.size ?? null, previous_root: state?.root ?? null, written: true as const } } : {}),
    requests: client.requests,
  };
}
