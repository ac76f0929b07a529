import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { AppError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import { sealPublicRecord } from '../core/public-record-document.ts';
import { openCheckpoint } from '../core/tlog/checkpoint.ts';
import { parseLogEntry } from '../core/tlog/log-entry.ts';
import { NoteSigner } from '../core/tlog/note.ts';
import { parseTlogProof, verifyTlogProof } from '../core/tlog/tlog-proof.ts';
import type { Db } from '../db/db.ts';
import { latestCheckpoint } from '../repositories/log.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import type { ServiceContext } from './context.ts';
import { registerLogKey } from './log-key.service.ts';
import { recordProof } from './log-proof.service.ts';
import { integrateLog } from './log.service.ts';
import { recordProofReference as recordProofBefore } from './log-proof.reference.ts';

/**
 * The one-round-trip recordProof against the reference one (log-proof.reference.ts): the same bytes, on
 * a log past one full level-1 tile (65,536 entries), so proofs cross full and partial tiles of
 * three levels, cached and not.
 */
const SIZE = 65_536 + 3 * 256 + 41;

interface Log {
  ctx: ServiceContext;
  signer: NoteSigner;
  ids: string[];
  close: () => Promise<void>;
}

/** Sealed public records with small bodies, stored as publishers store them (the trigger queues them). */
async function publish(db: Db, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < n;) {
    const batch = Array.from({ length: Math.min(5000, n - done) }, (_, i) =>
      sealPublicRecord({
        id: uuidv7(),
        type: 'statement_of_reasons' as const,
        source_id: uuidv7(),
        published_at: new Date(),
        category: 'other',
        platform: 'facebook' as const,
        requester_kind: null,
        body: { n: done + i },
        search_text: '',
      }),
    );
    await insertPublicRecords(db, batch);
    ids.push(...batch.map((r) => r.id));
    done += batch.length;
  }
  return ids;
}

async function integrate(l: Log, limit?: number): Promise<void> {
  while ((await integrateLog(l.ctx, l.signer, limit)) > 0);
}

async function openLog(size: number, origin: string): Promise<Log> {
  const { db, close } = await openTestDb();
  const signer = NoteSigner.generate(origin);
  await registerLogKey(db, signer);
  const l: Log = { ctx: { db, now: () => new Date() }, signer, ids: [], close };
  l.ids = await publish(db, size);
  await integrate(l, 20_000);
  // Log order is the queue's: read the ids back by index.
  l.ids = (await db.query<{ record_id: string }>(`SELECT record_id FROM log_entries ORDER BY idx`)).map((r) => r.record_id);
  return l;
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Same answer as the old recordProof, byte for byte, and it verifies against the log key. */
async function expectSameProof(l: Log, id: string): Promise<string> {
  const now = await recordProof(l.ctx, id);
  const before = await recordProofBefore(l.ctx, id);
  expect(now.proof).toBe(before.proof);
  expect(now.index).toBe(before.index);
  expect(hex(now.entry)).toBe(hex(before.entry));
  expect(parseLogEntry(now.entry).id).toBe(id);
  expect(verifyTlogProof(now.proof, { entry: now.entry }, l.signer.verifierKey).index).toBe(now.index);
  return now.proof;
}

const proofSize = (proof: string, l: Log) => openCheckpoint(parseTlogProof(proof).checkpoint, l.signer.verifierKey).checkpoint.size;

let big: Log;
beforeAll(async () => {
  big = await openLog(SIZE, 'test.minhbach.localhost/proof-log');
}, 180_000);
afterAll(() => big?.close());

describe('recordProof in one round trip', () => {
  it('gives the same proof as before, across full and partial tiles of every level', async () => {
    expect(big.ids).toHaveLength(SIZE);
    const edges = [0, 1, 255, 256, 257, 65_535, 65_536, 65_537, SIZE - 257, SIZE - 256, SIZE - 42, SIZE - 41, SIZE - 2, SIZE - 1];
    const random = Array.from({ length: 40 }, () => Math.floor(Math.random() * SIZE));
    for (const i of [...edges, ...random]) expect(proofSize(await expectSameProof(big, big.ids[i]!), big)).toBe(SIZE);
  }, 60_000);

  it('answers 404 for ids that are not logged records, as before', async () => {
    for (const id of ['not-a-uuid', '', uuidv7(), '018f0000-0000-7000-8000-000000000000']) {
      await expect(recordProof(big.ctx, id)).rejects.toMatchObject({ code: 'not_found', message: 'Logged public record not found' });
    }
  });

  it('keeps each database to its own log', async () => {
    const small = await openLog(300, 'test.minhbach.localhost/other-log');
    try {
      for (const i of [0, 255, 256, 299]) {
        await expectSameProof(small, small.ids[i]!);
        await expectSameProof(big, big.ids[i]!);
      }
      // Neither log knows the other's records.
      await expect(recordProof(small.ctx, big.ids[0]!)).rejects.toMatchObject({ code: 'not_found' });
      await expect(recordProof(big.ctx, small.ids[0]!)).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await small.close();
    }
  }, 60_000);

  it('follows the log as it grows: new records at once, old ones against the new checkpoint', async () => {
    const first = await expectSameProof(big, big.ids[7]!); // the cache now holds checkpoint SIZE
    expect(proofSize(first, big)).toBe(SIZE);
    // Three integrations: the right edge moves within a tile, across tiles, and the checkpoint each time.
    for (const n of [5, 300, 1]) {
      const ids = await publish(big.ctx.db, n);
      await integrate(big);
      big.ids.push(...(await big.ctx.db.query<{ record_id: string }>(`SELECT record_id FROM log_entries WHERE idx >= $1 ORDER BY idx`, [big.ids.length])).map((r) => r.record_id));
      expect(new Set(big.ids.slice(-n))).toEqual(new Set(ids));
      const size = big.ids.length;
      for (const i of [size - 1, size - n, 7, SIZE - 1, 65_536]) expect(proofSize(await expectSameProof(big, big.ids[i]!), big)).toBe(size);
    }
  }, 60_000);

  it('serves a checkpoint older than the stored tiles, whose partial tiles are prefixes of the stored ones', async () => {
    const newest = (await latestCheckpoint(big.ctx.db))!;
    const size = big.ids.length;
    expect(newest.size).toBe(size);
    // As if the newest checkpoint were not written yet (its tiles are): the previous one is served.
    await big.ctx.db.query(`DELETE FROM log_checkpoints WHERE size = $1`, [size]);
    try {
      const older = (await latestCheckpoint(big.ctx.db))!.size;
      expect(older).toBe(size - 1);
      for (const i of [older - 1, older - 2, older - 300, 65_536, 3]) expect(proofSize(await expectSameProof(big, big.ids[i]!), big)).toBe(older);
      // The record only the missing checkpoint covers gets no proof rather than a wrong one.
      await expect(recordProof(big.ctx, big.ids[size - 1]!)).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      await big.ctx.db.query(`INSERT INTO log_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4)`, [size, newest.root, newest.note, newest.created_at]);
    }
    expect(proofSize(await expectSameProof(big, big.ids[size - 1]!), big)).toBe(size);
  });

  it('never proves an entry against a checkpoint that does not cover it', async () => {
    const size = big.ids.length;
    await expectSameProof(big, big.ids[size - 1]!); // cached: checkpoint `size`
    // An entry stored beyond every checkpoint (no integrator writes one without its checkpoint).
    const [id] = await publish(big.ctx.db, 1);
    await big.ctx.db.query(`INSERT INTO log_entries (idx, record_id, entry, integrated_at) SELECT $1, $2, entry, now() FROM log_entries WHERE idx = 0`, [size, id]);
    const err = await recordProof(big.ctx, id!).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('unavailable');
    await big.ctx.db.query(`DELETE FROM log_entries WHERE idx = $1`, [size]);
    // Integrated for real, it is proved against the checkpoint that covers it.
    await integrate(big);
    expect(proofSize(await expectSameProof(big, id!), big)).toBe(size + 1);
  });
});
