/**
 * The one database interface repositories see. Both drivers (PGlite embedded, PostgreSQL in
 * production) implement it, so the same SQL and the same schema serve both.
 */
export interface Db {
  readonly driver: 'pglite' | 'postgres';
  /**
   * Runs one parameterized statement ($1, $2, …) and returns its rows. Arrays of timestamps travel
   * as ISO strings (cast in SQL): postgres-js cannot serialize an array of Dates. JSON travels as
   * a string cast `$1::text::jsonb`: postgres-js would encode a string sent as jsonb a second time.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `fn` in a transaction; nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Runs several statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
