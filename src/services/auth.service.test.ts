import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, type TestOrg } from '../../test/factories.ts';
import { openTestDb } from '../../test/db.ts';
import type { Db } from '../db/db.ts';
import { createAuthenticator } from './auth.service.ts';
import type { ServiceContext } from './context.ts';

let db: Db;
let close: () => Promise<void>;
let org: TestOrg;
let queries = 0;
// A clock that only moves when the test moves it.
const base = Date.now();
let offset = 0;

/** The test database, counting the key lookups that reach it. */
function countingCtx(): ServiceContext {
  const counted: Db = { ...db, query: (sql, params) => (/FROM api_keys/.test(sql) && queries++, db.query(sql, params)) };
  return { db: counted, now: () => new Date(base + offset) };
}

const randomKey = () => `mbk_${randomBytes(32).toString('base64url')}`;

beforeAll(async () => {
  ({ db, close } = await openTestDb());
  org = await makeOrg({ db, now: () => new Date() }, 'authority');
});
afterAll(() => close());

describe('authenticating API keys', () => {
  it('looks an unknown key up once while it is cached, however often it is sent', async () => {
    const authenticate = createAuthenticator(countingCtx());
    const key = randomKey();
    queries = 0;
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => authenticate(`Bearer ${key}`)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    await expect(authenticate(`Bearer ${key}`)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(queries).toBe(1);
  });

  it('never reaches the database for something that is not shaped like a key', async () => {
    const authenticate = createAuthenticator(countingCtx());
    queries = 0;
    for (const bad of ['mbk_short', `mbk_${'a'.repeat(44)}`, `xyz_${'a'.repeat(43)}`, `mbk_${'é'.repeat(43)}`]) {
      await expect(authenticate(`Bearer ${bad}`)).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    expect(queries).toBe(0);
  });

  it('keeps real keys cached through a flood of random ones, which stays bounded', async () => {
    const authenticate = createAuthenticator(countingCtx());
    await authenticate(org.headers.authorization);
    for (let i = 0; i < 10_050; i++) await authenticate(`Bearer ${randomKey()}`).catch(() => {});
    queries = 0;
    expect((await authenticate(org.headers.authorization)).orgId).toBe(org.actor.orgId);
    expect(queries).toBe(0);
  }, 60_000);

  it('looks a key up again once its entry is older than the cache time', async () => {
    const authenticate = createAuthenticator(countingCtx());
    await authenticate(org.headers.authorization);
    queries = 0;
    offset += 4_000;
    await authenticate(org.headers.authorization);
    expect(queries).toBe(0);
    offset += 6_000;
    await authenticate(org.headers.authorization);
    expect(queries).toBeGreaterThanOrEqual(1);
  });
});
