import type { UrlRules } from '../core/services.ts';
import type { Db } from '../db/db.ts';

export interface ServiceRow {
  slug: string;
  name: string;
  hosts: string[];
  url_rules: UrlRules;
  organization_id: string | null;
  /** The answering organization's name, for lists. */
  organization_name: string | null;
  contact_email: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `s.slug, s.name, s.hosts, s.url_rules, s.organization_id, o.name AS organization_name, s.contact_email, s.created_at, s.updated_at`;

export async function listServices(db: Db): Promise<ServiceRow[]> {
  return db.query<ServiceRow>(`SELECT ${COLUMNS} FROM services s LEFT JOIN organizations o ON o.id = s.organization_id ORDER BY s.slug`);
}

export async function findService(db: Db, slug: string): Promise<ServiceRow | null> {
  const [row] = await db.query<ServiceRow>(`SELECT ${COLUMNS} FROM services s LEFT JOIN organizations o ON o.id = s.organization_id WHERE s.slug = $1`, [slug]);
  return row ?? null;
}

/**
 * Registry changes check hosts against every other row: one writer at a time, while readers
 * (intake's directory) go on. Released with the transaction.
 */
export async function lockRegistry(tx: Db): Promise<void> {
  await tx.exec('LOCK TABLE services IN SHARE ROW EXCLUSIVE MODE');
}

export async function insertService(
  db: Db,
  s: { slug: string; name: string; hosts: readonly string[]; url_rules: UrlRules; organization_id: string | null; contact_email: string | null; at: Date },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO services (slug, name, hosts, url_rules, organization_id, contact_email, created_at, updated_at)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $7) ON CONFLICT (slug) DO NOTHING RETURNING slug`,
    [s.slug, s.name, s.hosts, s.url_rules, s.organization_id, s.contact_email, s.at],
  );
  return rows.length === 1;
}

/** Sets the fields given (undefined: unchanged). */
export async function updateService(
  db: Db,
  slug: string,
  p: { name?: string; hosts?: readonly string[]; organization_id?: string | null; contact_email?: string | null; at: Date },
): Promise<void> {
  await db.query(
    `UPDATE services SET name = COALESCE($2, name), hosts = COALESCE($3::text[], hosts),
            organization_id = CASE WHEN $4::boolean THEN $5::uuid ELSE organization_id END,
            contact_email = CASE WHEN $6::boolean THEN $7::text ELSE contact_email END, updated_at = $8
      WHERE slug = $1`,
    [slug, p.name ?? null, p.hosts ?? null, p.organization_id !== undefined, p.organization_id ?? null, p.contact_email !== undefined, p.contact_email ?? null, p.at],
  );
}

/** Gives these services to an organization, if none answers for them yet; returns those it got. */
export async function assignServices(db: Db, slugs: readonly string[], organizationId: string, at: Date): Promise<string[]> {
  const rows = await db.query<{ slug: string }>(
    `UPDATE services SET organization_id = $2, updated_at = $3 WHERE slug = ANY($1::text[]) AND organization_id IS NULL RETURNING slug`,
    [slugs, organizationId, at],
  );
  return rows.map((r) => r.slug);
}

/** The services an organization answers for. */
export async function servicesOf(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db.query<{ slug: string }>(`SELECT slug FROM services WHERE organization_id = $1 ORDER BY slug`, [organizationId]);
  return rows.map((r) => r.slug);
}

/** Slugs of the services some organization answers for: the rest are unassigned. */
export async function assignedServices(db: Db): Promise<string[]> {
  const rows = await db.query<{ slug: string }>(`SELECT slug FROM services WHERE organization_id IS NOT NULL ORDER BY slug`);
  return rows.map((r) => r.slug);
}

/** A page of the cases on these services, by id: what a registry change may move elsewhere. */
export async function casesOnServices(db: Db, slugs: readonly string[], afterId: string | null, limit: number): Promise<{ id: string; platform: string; canonical_url: string }[]> {
  return db.query(`SELECT id, platform, canonical_url FROM cases WHERE platform = ANY($1::text[]) AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`, [slugs, afterId, limit]);
}

export async function moveCasesToService(db: Db, ids: readonly string[], slug: string): Promise<void> {
  await db.query(`UPDATE cases SET platform = $2 WHERE id = ANY($1::uuid[])`, [ids, slug]);
}
