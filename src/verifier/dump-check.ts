/**
 * The file side of `minhbach verify --dump`: the SHA-256 of a downloaded dump, and for a JSON
 * lines dump, that its lines are exactly the log's first `size` entries: each line's record is
 * hashed as the log hashes it (its RFC 8785 JSON), its entry rebuilt (id, sha256, time, type),
 * and the leaves folded into the Merkle tree, whose root must be the signed checkpoint's. One
 * changed byte, a missing, extra or reordered line changes the root; the first problem found on
 * the way is named by its line and log index.
 *
 * Streams the file: memory stays flat (one tree peak per level, plus the few withdrawals) however
 * many records the dump holds. Only the pure log library and Node's built-ins, so it is bundled
 * into the standalone verifier package with the rest of this folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { bytesEqual, toBase64, toHex } from '../core/tlog/encoding.ts';
import { encodeLogEntry, recordDigest } from '../core/tlog/log-entry.ts';
import { TreeBuilder, leafHash } from '../core/tlog/merkle.ts';
import { VerifyFailure } from './log-client.ts';

/** One line of a JSON lines dump, as src/core/open-data-dump.ts `dumpJsonLine` writes it. */
export interface DumpLine {
  log_index: number;
  record: Record<string, unknown>;
  /** Only for a withdrawn record: the digest its log entry commits to. */
  entry_sha256?: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A line of a JSON lines dump, or a one-line reason it is not one. */
export function parseDumpLine(text: string): { ok: true; line: DumpLine } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'not a JSON object' };
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => k !== 'log_index' && k !== 'record' && k !== 'entry_sha256');
  if (extra.length > 0) return { ok: false, error: `unexpected member ${JSON.stringify(extra[0])}` };
  if (typeof v.log_index !== 'number' || !Number.isSafeInteger(v.log_index) || v.log_index < 0) return { ok: false, error: 'log_index must be a whole number' };
  if (typeof v.record !== 'object' || v.record === null || Array.isArray(v.record)) return { ok: false, error: 'record must be a JSON object' };
  if (v.entry_sha256 !== undefined && (typeof v.entry_sha256 !== 'string' || !SHA256_HEX.test(v.entry_sha256)))
    return { ok: false, error: 'entry_sha256 must be 64 lowercase hex digits' };
  return { ok: true, line: v as unknown as DumpLine };
}

/** SHA-256 (lowercase hex) and length of a file. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (e) {
    throw new VerifyFailure(`--dump ${path}: cannot read it (${(e as Error).message})`);
  }
  return { sha256: hash.digest('hex'), bytes };
}

export interface DumpLinesResult {
  lines: number;
  /** Withdrawn records in the dump: their ids and the withdrawal each names. */
  withdrawn: { id: string; index: number; withdrawal_id: string }[];
  /** Withdrawal records in the dump: withdrawal id → the record it says it withdrew. */
  withdrawals: Map<string, { index: number; withdrawn_record_id: unknown }>;
}

/** Checks a JSON lines dump against a tree of `size` leaves with root `root`; throws VerifyFailure naming the line. */
export async function checkDumpLines(
  path: string,
  expected: { size: number; root: Uint8Array },
  options: {
    /**
     * The log's own entry at an index (from its entry bundles): compared line by line, so a
     * changed record is named by its index. The root check alone proves the dump either way.
     */
    logEntry?: (index: number) => Promise<Uint8Array>;
    onProgress?: (lines: number) => void;
  } = {},
): Promise<DumpLinesResult> {
  const tree = new TreeBuilder();
  const withdrawn: DumpLinesResult['withdrawn'] = [];
  const withdrawals: DumpLinesResult['withdrawals'] = new Map();
  const input = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  const at = (what: string) => `--dump ${path}: line ${n + 1}${what}`;
  try {
    for await (const text of input) {
      if (text === '') throw new VerifyFailure(at(': an empty line (a dump has one record per line and no blank lines)'));
      const parsed = parseDumpLine(text);
      if (!parsed.ok) throw new VerifyFailure(at(`: ${parsed.error}`));
      const { log_index: index, record, entry_sha256: entrySha } = parsed.line;
      if (index !== n) throw new VerifyFailure(at(` says log_index ${index}, but it is line ${n + 1}, which must hold log index ${n} (a line missing, added or moved?)`));
      if (n >= expected.size) throw new VerifyFailure(at(` (log index ${index}): the dump's checkpoint has only ${expected.size} records`));
      const where = at(` (log index ${index}, record ${JSON.stringify(record.id)})`);
      if (typeof record.id !== 'string' || typeof record.type !== 'string' || typeof record.published_at !== 'string') {
        throw new VerifyFailure(`${where}: the record needs string members id, type and published_at`);
      }
      let digest: string;
      try {
        digest = toHex(recordDigest(record));
      } catch (e) {
        throw new VerifyFailure(`${where}: the record cannot be canonicalized (${(e as Error).message})`);
      }
      let sha = digest;
      if (record.withdrawn === true) {
        // The tombstone is not what the entry commits to: the line carries that digest, which
        // the root check below vouches for, and the tombstone names a withdrawal (checked by the caller).
        if (entrySha === undefined) throw new VerifyFailure(`${where}: a withdrawn record's line must carry entry_sha256, the digest its log entry commits to`);
        if (typeof record.withdrawal_id !== 'string') throw new VerifyFailure(`${where}: the record says withdrawn but names no withdrawal_id`);
        sha = entrySha;
        withdrawn.push({ id: record.id, index, withdrawal_id: record.withdrawal_id });
      } else if (entrySha !== undefined && entrySha !== digest) {
        throw new VerifyFailure(`${where}: its entry_sha256 ${entrySha} is not the SHA-256 of its record (${digest}), which is not withdrawn`);
      }
      if (record.type === 'withdrawal') withdrawals.set(record.id, { index, withdrawn_record_id: record.withdrawn_record_id });
      let entry: Uint8Array;
      try {
        entry = encodeLogEntry({ id: record.id, type: record.type, time: record.published_at, sha256: sha });
      } catch (e) {
        throw new VerifyFailure(`${where}: no valid log entry can be made of it (${(e as Error).message})`);
      }
      if (options.logEntry) {
        const logged = await options.logEntry(index);
        if (!bytesEqual(logged, entry)) {
          throw new VerifyFailure(
            `${where}: it is not what log entry ${index} commits to (the line makes ${new TextDecoder().decode(entry)}, the log holds ${new TextDecoder().decode(logged)}): the record was changed`,
          );
        }
      }
      tree.append(leafHash(entry));
      n++;
      if (options.onProgress && n % 10_000 === 0) options.onProgress(n);
    }
  } finally {
    input.close();
  }
  if (n !== expected.size) throw new VerifyFailure(`--dump ${path}: ${n} lines, but the dump's checkpoint has ${expected.size} records (lines missing or added at the end?)`);
  const root = tree.root();
  if (!bytesEqual(root, expected.root)) {
    throw new VerifyFailure(
      `--dump ${path}: the ${n} records do not form the checkpoint's tree: their root is ${toBase64(root)}, the checkpoint's ${toBase64(expected.root)} (a record was changed: its digest no longer matches its log entry)`,
    );
  }
  return { lines: n, withdrawn, withdrawals };
}
