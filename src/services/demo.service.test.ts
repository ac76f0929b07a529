import { afterEach, describe, expect, it } from 'vitest';
import { makeOrg } from '../../test/factories.ts';
import { openTestDb } from '../../test/db.ts';
import { PUBLIC_REPORTS_ORG_ID } from '../core/public-report.ts';
import { listOrganizations as listAll } from '../repositories/organization.repository.ts';
import type { ServiceContext } from './context.ts';
import { loadDemo } from './demo.service.ts';

/** Every organization but the built-in public reporter (migration 0021), which every database has. */
const listOrganizations: typeof listAll = async (db) => (await listAll(db)).filter((o) => o.id !== PUBLIC_REPORTS_ORG_ID);

let closeDb: (() => Promise<void>) | undefined;
afterEach(() => closeDb?.());

async function freshCtx(): Promise<ServiceContext> {
  const { db, close } = await openTestDb();
  closeDb = close;
  return { db, now: () => new Date() };
}

describe('loading the demo', () => {
  it('loads once with keys; a second time adds nothing and lists the organizations without keys', async () => {
    const ctx = await freshCtx();
    const first = await loadDemo(ctx);
    expect(first.loaded).toBe(true);
    expect(first.organizations).toHaveLength(7);
    expect(first.organizations.every((o) => o.api_key?.startsWith('mbk_'))).toBe(true);
    const second = await loadDemo(ctx);
    expect(second).toEqual({ loaded: false, organizations: expect.any(Array) });
    expect(second.organizations.map((o) => o.org_id).sort()).toEqual(first.organizations.map((o) => o.org_id).sort());
    expect(second.organizations.some((o) => 'api_key' in o)).toBe(false);
    expect(await listOrganizations(ctx.db)).toHaveLength(7);
  });

  it('refuses, adding nothing, when another organization already answers for a demo platform', async () => {
    const ctx = await freshCtx();
    await makeOrg(ctx, 'platform', { name: 'Facebook (Meta)', platform: 'facebook' });
    await makeOrg(ctx, 'authority');
    await expect(loadDemo(ctx)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('"Facebook (Meta)" already answers for facebook') });
    expect((await listOrganizations(ctx.db)).map((o) => o.name).filter((n) => n.endsWith('(demo)'))).toEqual([]);
    expect(await listOrganizations(ctx.db)).toHaveLength(2);
  });
});
