import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db } from './db.ts';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(q: Queryable, root: PGlite, onClose: () => Promise<void>, inTx: boolean): Db {
  const db: Db = {
    driver: 'pglite',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query<T>(sql, params as unknown[]);
      return res.rows;
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (inTx) return fn(db);
      return root.transaction((tx) => fn(wrap(tx, root, onClose, true)));
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    close: onClose,
  };
  return db;
}

/** Opens PGlite on a data directory, or in memory when `dataDir` is undefined. */
export async function openPglite(dataDir?: string, options: { loadDataDir?: Blob | File } = {}): Promise<Db> {
  const pg = await PGlite.create({ dataDir, loadDataDir: options.loadDataDir });
  return wrap(pg, pg, () => pg.close(), false);
}
