import { randomBytes } from 'node:crypto';
import type { Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';

/**
 * A migrated database for one test file: an in-memory PGlite, or a fresh schema on the
 * PostgreSQL at TEST_DATABASE_URL, dropped afterwards. Tests in a file share it and keep out of
 * each other's way by creating their own organizations and content.
 */
export async function openTestDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  return openBlankTestDb((db) => migrate(db));
}

/** A database with no schema at all until `prepare` makes one: for tests of a migration. */
export async function openBlankTestDb(prepare: (db: Db) => Promise<unknown> = async () => {}): Promise<{ db: Db; close: () => Promise<void> }> {
  if (process.env.MINHBACH_TEST_DB === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(url, { max: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    const db = openPostgres(url, { max: 10, searchPath: schema });
    await prepare(db);
    return {
      db,
      async close() {
        await db.close();
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      },
    };
  }
  const db = await openPglite();
  await prepare(db);
  return { db, close: () => db.close() };
}
