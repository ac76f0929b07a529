import postgres from 'postgres';
import type { Db } from './db.ts';

type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * postgres-js guesses an array parameter's type from its first element and then fails to cast
 * (bool to bool[], timestamptz to timestamptz[]). Sending arrays as PostgreSQL array literals lets
 * the SQL's own cast (`$1::bool[]`) decide, exactly as PGlite does.
 */
function arrayLiteral(values: readonly unknown[]): string {
  const parts = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (v instanceof Date) return `"${v.toISOString()}"`;
    if (typeof v === 'boolean') return v ? 't' : 'f';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    return `"${String(v).replace(/["\\]/g, '\\$&')}"`;
  });
  return `{${parts.join(',')}}`;
}

function toParams(params: readonly unknown[]): unknown[] {
  return params.map((p) => (Array.isArray(p) ? arrayLiteral(p) : p));
}

/** Deadlock detected, serialization failure: PostgreSQL rolled the whole attempt back. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

/**
 * Runs an outermost transaction or a lone statement again when PostgreSQL aborted it as a
 * deadlock victim or for serialization. Such an attempt changed nothing (it was rolled back
 * whole), so running it again is what the client would have to do anyway; doing it here keeps a
 * rare lock-order collision between, say, a reindex and the background linker from reaching a
 * caller as a 500. Inside a transaction nothing is retried: only the outermost level can.
 */
async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= ATTEMPTS || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20 * i));
    }
  }
}

function wrap(sql: Sql, root: postgres.Sql, inTx: boolean): Db {
  const db: Db = {
    driver: 'postgres',
    async query<T>(text: string, params: readonly unknown[] = []) {
      const run = async () => (await sql.unsafe(text, toParams(params) as postgres.ParameterOrJSON<never>[], { prepare: true })) as unknown as T[];
      return inTx ? run() : retrying(run);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (inTx) return fn(db);
      return retrying(() => root.begin((tx) => fn(wrap(tx, root, true))) as Promise<T>);
    },
    async exec(text: string) {
      await sql.unsafe(text);
    },
    async close() {
      await root.end({ timeout: 5 });
    },
  };
  return db;
}

export function openPostgres(url: string, options: { max?: number; searchPath?: string } = {}): Db {
  const root = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: options.searchPath ? { search_path: options.searchPath } : {},
  });
  return wrap(root, root, false);
}
