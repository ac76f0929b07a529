import type { DatabaseConfig } from '../config.ts';
import type { Db } from './db.ts';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.ts';
import { restrictTree } from './data-dir-permissions.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface OpenDatabase {
  db: Db;
  /** Present for PGlite: lets a server record its URL in the lock file. */
  lock: DataDirLock | null;
  close(): Promise<void>;
}

/** Opens the configured database, takes the data-dir lock for PGlite, and migrates the schema. */
export async function openDatabase(config: DatabaseConfig, options: { poolSize?: number } = {}): Promise<OpenDatabase> {
  if (config.driver === 'postgres') {
    const db = openPostgres(config.url, { max: options.poolSize });
    await migrate(db);
    return { db, lock: null, close: () => db.close() };
  }
  // With 0077 nothing minhbach creates can be read by another user (the whole process keeps it:
  // nothing it writes is meant for others). PGlite sets 0666 on its own files regardless, hence
  // restrictTree; the 0700 directory around them is what keeps others out meanwhile.
  process.umask(0o077);
  const lock = acquireDataDirLock(config.dataDir);
  try {
    const db = await openPglite(`${config.dataDir}/pgdata`);
    restrictTree(config.dataDir);
    await migrate(db);
    return {
      db,
      lock,
      async close() {
        await db.close();
        restrictTree(config.dataDir);
        lock.release();
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
