import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlankTestDb } from '../../test/db.ts';
import { BUILT_IN_SERVICES } from '../core/services.ts';
import type { Db } from './db.ts';
import { loadMigrations, migrate } from './migrate.ts';

let db: Db;
let close: () => Promise<void>;
const all = loadMigrations();
const ORG = '01900000-0000-7000-8000-000000000001';
const WEB = '01900000-0000-7000-8000-000000000002';
const FB = '01900000-0000-7000-8000-000000000003';

beforeAll(async () => {
  // A database as the version before the registry left it: a Facebook organization, a case on the
  // shared `web` platform and one on Facebook.
  ({ db, close } = await openBlankTestDb((d) =>
    migrate(
      d,
      all.filter((m) => m.version < 18),
    ),
  ));
  await db.query(`INSERT INTO organizations (id, kind, name, platform) VALUES ($1, 'platform', 'Meta', 'facebook')`, [ORG]);
  await db.query(
    `INSERT INTO cases (id, content_key, platform, canonical_url, category) VALUES
       ($1, 'web:tin.example.vn:8443/a', 'web', 'https://tin.example.vn:8443/a', 'c'), ($2, 'facebook:post:1', 'facebook', 'https://facebook.com/p/posts/1', 'c')`,
    [WEB, FB],
  );
  await migrate(db);
});
afterAll(() => close());

describe('migrating to the service registry', () => {
  it('keeps who answers for what, and moves web cases to their site', async () => {
    const [facebook] = await db.query<{ organization_id: string; name: string; hosts: string[] }>(`SELECT organization_id, name, hosts FROM services WHERE slug = 'facebook'`);
    expect(facebook).toMatchObject({ organization_id: ORG, name: 'Facebook', hosts: expect.arrayContaining(['facebook.com', 'fb.watch']) });
    const cases = await db.query<{ id: string; platform: string; content_key: string }>(`SELECT id, platform, content_key FROM cases ORDER BY id`);
    expect(cases).toEqual([
      { id: WEB, platform: 'tin.example.vn', content_key: 'web:tin.example.vn:8443/a' },
      { id: FB, platform: 'facebook', content_key: 'facebook:post:1' },
    ]);
  });

  it('writes every built-in service once, and keeps an operator’s hosts and name on the next start', async () => {
    const slugs = (await db.query<{ slug: string }>(`SELECT slug FROM services ORDER BY slug`)).map((r) => r.slug);
    expect(slugs).toEqual(BUILT_IN_SERVICES.map((s) => s.slug).sort());
    await db.query(`UPDATE services SET hosts = hosts || '{zalo.vn}', name = 'Zalo (VNG)' WHERE slug = 'zalo'`);
    await migrate(db);
    const [zalo] = await db.query<{ hosts: string[]; name: string }>(`SELECT hosts, name FROM services WHERE slug = 'zalo'`);
    expect(zalo!.name).toBe('Zalo (VNG)');
    expect([...zalo!.hosts].sort()).toEqual(['zalo.me', 'zalo.vn', 'zaloapp.com']);
  });
});
