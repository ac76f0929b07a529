import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../src/core/tlog/checkpoint.ts';
import { integrateTiles } from '../src/core/tlog/integrate.ts';
import { encodeLogEntry, parseLogEntry } from '../src/core/tlog/log-entry.ts';
import { leafHash, rootOf } from '../src/core/tlog/merkle.ts';
import { writeIntegration } from '../src/repositories/log.repository.ts';
import { failure, insertBulkRecords, integrate, loggedRecords, type LogServer, openLogServer, publishDecision, publishNotices, verify } from '../src/verifier/test-fixtures.ts';

/**
 * The verifier against a log that was tampered with, one way at a time: a record body, a tile,
 * a checkpoint, a history rewritten and re-signed with the log's own key, a log rolled back.
 * Each must fail verification with a message that says what is wrong.
 */
let s: LogServer;
const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-tamper-'));
/** States remembered by the verifier: after the first 4 records, and after all of them. */
const smallState = path.join(dir, 'small.json');
const fullState = path.join(dir, 'full.json');
let noticeRecordId: string;
let size: number;

const db = () => s.t.ctx.db;
/** A copy of a remembered state, for a run that may overwrite it. */
function stateCopy(from: string, name: string): string {
  const to = path.join(dir, name);
  copyFileSync(from, to);
  return to;
}

beforeAll(async () => {
  s = await openLogServer();
  const [caseId] = await publishNotices(s, 3);
  await publishDecision(s, caseId!);
  await integrate(s);
  expect((await verify(s, { statePath: smallState })).size).toBe(4);
  // A full level-0 tile and a partial one above it.
  await insertBulkRecords(s, 300);
  await integrate(s);
  const summary = await verify(s, { statePath: fullState });
  size = summary.size;
  expect(size).toBe(304);
  noticeRecordId = (await loggedRecords(s))[1]!.record_id;
  expect((await verify(s, { recordId: noticeRecordId })).record).toMatchObject({ index: 1, status: 'included' });
});
afterAll(async () => {
  await s?.t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tampering with the log', () => {
  it('(a) a changed record body: its digest no longer matches its entry', async () => {
    const [before] = await db().query<{ body: string }>(`SELECT body::text AS body FROM public_records WHERE id = $1`, [noticeRecordId]);
    await db().query(`UPDATE public_records SET body = jsonb_set(body, '{explanation}', '"Nothing happened here"') WHERE id = $1`, [noticeRecordId]);
    try {
      const e = await failure(verify(s, { recordId: noticeRecordId }));
      expect(e.message).toMatch(
        new RegExp(
          `^record ${noticeRecordId}: the SHA-256 of the published document \\([0-9a-f]{64}\\) is not the sha256 in log entry 1 \\([0-9a-f]{64}\\): the record was changed after it was logged$`,
        ),
      );
      // The log itself is intact: only that record's check fails.
      expect((await verify(s)).ok).toBe(true);
    } finally {
      await db().query(`UPDATE public_records SET body = $2::text::jsonb WHERE id = $1`, [noticeRecordId, before!.body]);
    }
    expect((await verify(s, { recordId: noticeRecordId })).record!.status).toBe('included');
  });

  it('(b) a changed tile: the full audit names the tile and the hash', async () => {
    const tile = async (level: number, fn: () => Promise<void>) => {
      const [row] = await db().query<{ hex: string }>(`SELECT encode(hashes, 'hex') AS hex FROM log_tiles WHERE level = $1 AND idx = 0`, [level]);
      try {
        await fn();
      } finally {
        await db().query(`UPDATE log_tiles SET hashes = decode($2, 'hex') WHERE level = $1 AND idx = 0`, [level, row!.hex]);
      }
    };
    // One bit of hash 5 of the first level-0 tile.
    await tile(0, async () => {
      await db().query(`UPDATE log_tiles SET hashes = set_byte(hashes, 5 * 32 + 7, get_byte(hashes, 5 * 32 + 7) # 1) WHERE level = 0 AND idx = 0`);
      expect((await failure(verify(s))).message).toBe('tile 0/000: hash 5 is not the leaf hash of entry 5 (entry bundle entries/000)');
    });
    // One bit of the level-1 tile: the root of tile 0/000 as the level above holds it.
    await tile(1, async () => {
      await db().query(`UPDATE log_tiles SET hashes = set_byte(hashes, 0, get_byte(hashes, 0) # 128) WHERE level = 1 AND idx = 0`);
      expect((await failure(verify(s))).message).toBe('tile 1/000.p/1: hash 0 is not the root of tile 0/000 below it');
      // That hash is a peak of the tree: even without the full audit, the root does not come out.
      expect((await failure(verify(s, { fullAudit: false }))).message).toMatch(/^root recomputed from the tiles \(\S+\) is not the checkpoint root \(\S+\)$/);
    });
    expect((await verify(s)).ok).toBe(true);
  });

  it('(c) a changed checkpoint: its signature no longer verifies', async () => {
    const [row] = await db().query<{ note: string }>(`SELECT note FROM log_checkpoints WHERE size = $1::bigint`, [String(size)]);
    const note = row!.note;
    const lines = note.split('\n');
    const altered = {
      size: [lines[0], String(size + 1), ...lines.slice(2)].join('\n'),
      // Another valid root: the empty tree's.
      root: [lines[0], lines[1], '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', ...lines.slice(3)].join('\n'),
    };
    try {
      for (const text of Object.values(altered)) {
        expect(text).not.toBe(note);
        await db().query(`UPDATE log_checkpoints SET note = $2 WHERE size = $1::bigint`, [String(size), text]);
        const e = await failure(verify(s, { fullAudit: false }));
        expect(e.message).toMatch(new RegExp(`^checkpoint from ${s.logUrl}/checkpoint: signature by test\\.minhbach\\.localhost/log\\+[0-9a-f]{8} does not verify$`));
      }
    } finally {
      await db().query(`UPDATE log_checkpoints SET note = $2 WHERE size = $1::bigint`, [String(size), note]);
    }
    expect((await verify(s, { fullAudit: false })).ok).toBe(true);
  });

  it('(e) a log rolled back to an older checkpoint: the state catches it', async () => {
    const old = JSON.parse(readFileSync(smallState, 'utf8')) as { size: number; root: string; checkpoint: string };
    const [newest] = await db().query<{ root: string; note: string; created_at: Date }>(
      `SELECT encode(root, 'hex') AS root, note, created_at FROM log_checkpoints WHERE size = $1::bigint`,
      [String(size)],
    );
    // Serve the genuine, signed checkpoint of size 4 again, as if the newer ones were gone.
    await db().query(`DELETE FROM log_checkpoints`);
    await db().query(`INSERT INTO log_checkpoints (size, root, note, created_at) VALUES ($1::bigint, decode($2, 'base64'), $3, now())`, [
      String(old.size),
      old.root,
      old.checkpoint,
    ]);
    try {
      // On its own the old checkpoint is valid: only a verifier that remembers can tell.
      expect((await verify(s)).size).toBe(4);
      const state = stateCopy(fullState, 'rollback.json');
      const before = readFileSync(state, 'utf8');
      const e = await failure(verify(s, { statePath: state }));
      expect(e.kind).toBe('fork');
      expect(e.message).toMatch(/^fork or rewrite detected: the log shrank from size 304 \(last verified [^)]+\) to 4; a log may only grow$/);
      expect(readFileSync(state, 'utf8')).toBe(before);
    } finally {
      await db().query(`DELETE FROM log_checkpoints`);
      await db().query(`INSERT INTO log_checkpoints (size, root, note, created_at) VALUES ($1::bigint, decode($2, 'hex'), $3, $4)`, [
        String(size),
        newest!.root,
        newest!.note,
        newest!.created_at,
      ]);
    }
    expect((await verify(s, { statePath: stateCopy(fullState, 'rollback-ok.json') })).ok).toBe(true);
  });

  it('(d) a history rewritten and re-signed with the log key: a fork for any verifier that remembers', async () => {
    // The operator (or a thief of the key) changes entry 1, rebuilds every tile and signs a new
    // checkpoint for the same size. The forged log is internally consistent.
    const logged = await loggedRecords(s);
    const original = parseLogEntry(logged[1]!.entry);
    const forged = encodeLogEntry({ ...original, sha256: `${original.sha256[0] === 'a' ? 'b' : 'a'}${original.sha256.slice(1)}` });
    const entries = logged.map((l, i) => (i === 1 ? forged : l.entry));
    const leaves = entries.map(leafHash);
    const tiles = integrateTiles(0, leaves, () => undefined);
    const root = rootOf(leaves);
    const note = signCheckpoint({ origin: s.t.logSigner.name, size: leaves.length, root, extensions: [] }, s.t.logSigner);
    await db().transaction(async (tx) => {
      await tx.query(`UPDATE log_entries SET entry = decode($1, 'hex') WHERE idx = 1`, [Buffer.from(forged).toString('hex')]);
      await tx.query(`DELETE FROM log_checkpoints`);
      await writeIntegration(tx, { firstIndex: leaves.length, entries: [], tiles, checkpoint: { size: leaves.length, root, note }, at: new Date() });
    });

    // Without memory, the forgery passes the audit (signature, tiles, root all agree)...
    expect((await verify(s)).size).toBe(304);
    // ...but not the record whose entry changed,
    expect((await failure(verify(s, { recordId: noticeRecordId }))).message).toMatch(
      /^record [0-9a-f-]{36}: the SHA-256 of the published document .* is not the sha256 in log entry 1 /,
    );
    // nor a verifier that saw the same size with another root,
    const same = stateCopy(fullState, 'rewrite-same.json');
    const sameBefore = readFileSync(same, 'utf8');
    const e1 = await failure(verify(s, { statePath: same }));
    expect(e1.kind).toBe('fork');
    expect(e1.message).toMatch(/^fork or rewrite detected: size 304 has root \S+ now, but had \S+ when last verified \([^)]+\)$/);
    expect(e1.evidence).toMatchObject({ checkpoint: note });
    expect(readFileSync(same, 'utf8')).toBe(sameBefore);
    // nor one that saw an earlier, smaller tree: the rewritten tree does not extend it.
    const small = stateCopy(smallState, 'rewrite-small.json');
    const e2 = await failure(verify(s, { statePath: small }));
    expect(e2.kind).toBe('fork');
    expect(e2.message).toMatch(
      /^fork or rewrite detected: the checkpoint of size 304 is not consistent with the one of size 4 last verified \([^)]+\): consistency proof does not lead to the (old|new) root \(the server's proof from \S+ fails too: consistency proof does not lead to the (old|new) root\)$/,
    );
  });
});
