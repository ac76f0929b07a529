import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import type { Db } from './db.ts';

// PGlite has one connection and cannot deadlock; this is PostgreSQL's behaviour.
describe.runIf(process.env.MINHBACH_TEST_DB === 'postgres')('PostgreSQL transactions', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    await db.exec('CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL); INSERT INTO deadlock_probe VALUES (1, 0), (2, 0);');
  });
  afterAll(() => close());

  it('runs a deadlock victim again, so both of two crossing transactions commit', async () => {
    // Each transaction locks one row, waits until the other has locked its row, then asks for the
    // other's: PostgreSQL must abort one of them. The first attempts rendezvous; retries do not.
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((r) => (release = r));
    const attempts = { a: 0, b: 0 };
    const cross = (name: 'a' | 'b', first: number, second: number) =>
      db.transaction(async (tx) => {
        attempts[name]++;
        await tx.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [first]);
        if (attempts[name] === 1) {
          if (++arrived === 2) release();
          await bothLocked;
        }
        await tx.query('UPDATE deadlock_probe SET n = n + 1 WHERE id = $1', [second]);
      });
    await Promise.all([cross('a', 1, 2), cross('b', 2, 1)]);
    // One of them ran twice: its first attempt was the deadlock's victim and was rolled back.
    expect(attempts.a + attempts.b).toBe(3);
    const rows = await db.query<{ id: number; n: number }>('SELECT id, n FROM deadlock_probe ORDER BY id');
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });
});
