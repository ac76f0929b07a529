import type { Db } from '../db/db.ts';

/** What every use case runs with: the database and a clock (injected so SLA tests need no sleeping). */
export interface ServiceContext {
  db: Db;
  now: () => Date;
}
