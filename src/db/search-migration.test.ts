import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBlankTestDb } from '../../test/db.ts';
import { searchPublicRecords } from '../repositories/public-record.repository.ts';
import type { Db } from './db.ts';
import { loadMigrations, migrate } from './migrate.ts';

let db: Db;
let close: () => Promise<void>;
const OLD = '01900000-0000-7000-8000-0000000000a1';
const GONE = '01900000-0000-7000-8000-0000000000a2';

beforeAll(async () => {
  // Records published before search knew Vietnamese: their words as typed, marks and all.
  ({ db, close } = await openBlankTestDb((d) =>
    migrate(
      d,
      loadMigrations().filter((m) => m.version < 19),
    ),
  ));
  const body = {
    requester: { kind: 'authority', name: 'Cục An toàn thông tin' },
    explanation: 'Trang phát tán mã độc',
    legal_basis: { instrument: '147/2024/NĐ-CP', provision: 'Điều 24' },
  };
  await db.query(
    `INSERT INTO public_records (id, type, source_id, category, platform, body, search, sha256) VALUES
       ($1, 'authority_request', $1, 'c', 'facebook', $3::text::jsonb, to_tsvector('simple', lower($4)), sha256('a')),
       ($2, 'authority_request', $2, 'c', 'facebook', '{}'::jsonb, ''::tsvector, sha256('b'))`,
    [OLD, GONE, JSON.stringify(body), 'Trang phát tán mã độc 147/2024/NĐ-CP'],
  );
  await db.query(`UPDATE public_records SET withdrawn_by = $1 WHERE id = $2`, [OLD, GONE]);
  await migrate(db);
});
afterAll(() => close());

describe('upgrading the search of published records', () => {
  it('rebuilds their words from what was published, so they are found as people type', async () => {
    const find = async (q: string) => (await searchPublicRecords(db, { q, afterId: null, limit: 10 })).map((r) => r.id);
    expect(await find('ma doc')).toEqual([OLD]);
    expect(await find('Nghị định 147')).toEqual([OLD]);
    expect(await find('an toan thong tin')).toEqual([OLD]);
    expect(await find('authority')).toEqual([]);
    const schemes = await db.query<{ search_scheme: number }>(`SELECT DISTINCT search_scheme FROM public_records`);
    expect(schemes.map((s) => s.search_scheme)).toEqual([1]);
  });
});
