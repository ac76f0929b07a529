import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchTextOf } from '../core/public-record.ts';
import { SEARCH_SCHEME, searchTerms } from '../core/search-terms.ts';
import { BUILT_IN_SERVICES } from '../core/services.ts';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any fixed number: it only has to be the same in every minhbach process.
const MIGRATION_LOCK_ID = 7_202_611;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Brings the schema up to date. Several API processes may start at once on PostgreSQL, so the
 * work happens under an advisory lock, each migration in its own transaction.
 */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<number[]> {
  const applied: number[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    // A database migrated only part of the way (a test of a migration) has no registry yet.
    const [registry] = await tx.query<{ exists: boolean }>(`SELECT to_regclass('services') IS NOT NULL AS exists`);
    if (registry!.exists) await writeBuiltInServices(tx);
    const [searchState] = await tx.query<{ exists: boolean }>(`SELECT to_regclass('search_state') IS NOT NULL AS exists`);
    if (searchState!.exists) await rebuildSearch(tx);
  });
  return applied;
}

/**
 * Records whose search words an older version of the rules built get them again, from their
 * published body (searchTextOf, searchTerms: the publisher's own rules). Withdrawn records have no
 * body and no words. Runs once after an upgrade (search_state says which version is done), a
 * batch at a time; an up-to-date database costs one row read.
 */
async function rebuildSearch(tx: Db): Promise<void> {
  const [state] = await tx.query<{ scheme: number }>(`SELECT scheme FROM search_state`);
  if (state!.scheme >= SEARCH_SCHEME) return;
  await tx.query(`UPDATE public_records SET search_scheme = $1 WHERE withdrawn_by IS NOT NULL AND search_scheme <> $1`, [SEARCH_SCHEME]);
  for (;;) {
    const rows = await tx.query<{ id: string; body: Record<string, unknown> }>(`SELECT id, body FROM public_records WHERE search_scheme <> $1 ORDER BY id LIMIT 1000`, [
      SEARCH_SCHEME,
    ]);
    if (rows.length === 0) break;
    await tx.query(
      `UPDATE public_records p SET search = to_tsvector('simple', t.terms), search_scheme = $2
       FROM jsonb_to_recordset($1::text::jsonb) AS t(id uuid, terms text) WHERE p.id = t.id`,
      [JSON.stringify(rows.map((r) => ({ id: r.id, terms: searchTerms(searchTextOf(r.body)) }))), SEARCH_SCHEME],
    );
  }
  await tx.query(`UPDATE search_state SET scheme = $1`, [SEARCH_SCHEME]);
}

/**
 * The built-in services (src/core/services.ts) in the registry: added when missing, and their
 * hosts and URL rules brought up to this version's. Hosts an operator added stay, as do a name
 * and the assignment the operator set; rows already current are not touched.
 */
async function writeBuiltInServices(tx: Db): Promise<void> {
  await tx.query(
    `INSERT INTO services AS s (slug, name, hosts, url_rules)
     SELECT b.slug, b.name, b.hosts, b.url_rules FROM jsonb_to_recordset($1::text::jsonb) AS b(slug text, name text, hosts text[], url_rules text)
     ON CONFLICT (slug) DO UPDATE
       SET url_rules = EXCLUDED.url_rules,
           hosts = ARRAY(SELECT DISTINCT h FROM unnest(s.hosts || EXCLUDED.hosts) AS h ORDER BY h),
           name = CASE WHEN s.name = s.slug THEN EXCLUDED.name ELSE s.name END
       WHERE s.url_rules <> EXCLUDED.url_rules OR NOT s.hosts @> EXCLUDED.hosts OR s.name = s.slug`,
    [JSON.stringify(BUILT_IN_SERVICES)],
  );
}
