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

function wrap(sql: Sql, root: postgres.Sql, inTx: boolean): Db {
  const db: Db = {
    driver: 'postgres',
    async query<T>(text: string, params: readonly unknown[] = []) {
      const rows = await sql.unsafe(text, toParams(params) as postgres.ParameterOrJSON<never>[], { prepare: true });
      return rows as unknown as T[];
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      if (inTx) return fn(db);
      return root.begin((tx) => fn(wrap(tx, root, true))) as Promise<T>;
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
