import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, freshUrl, makeOrg, makePerson, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { dataUrl, testImage } from '../../../test/images.ts';
import { parseHashList } from '../../core/hash-list.ts';
import { closeImageHashing } from '../../images/image-hash.ts';
import { diskImageStore } from '../../images/image-store-disk.ts';

const TOKEN = 'operator-token-for-hash-list-tests-0123456789';
const operator = { authorization: `Bearer ${TOKEN}` };

// From python-threatexchange's PDQ examples.
const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
const B = 'e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064';

let t: TestApp;
let flagger: TestOrg;
let otherFlagger: TestOrg;
let authority: TestOrg;
let facebook: TestOrg;
let youtube: TestOrg;
const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-hash-list-routes-'));

beforeAll(async () => {
  t = await openTestApp({ imageStore: diskImageStore(dir), operatorToken: TOKEN, limits: false });
  flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Tổ chức Kiểm chứng' });
  otherFlagger = await makeOrg(t.ctx, 'trusted_flagger');
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
});
afterAll(async () => {
  await closeImageHashing();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

const importList = (who: { org?: TestOrg; headers?: Record<string, string> }, body: unknown, base = '/api/v1/hash-lists') => call(t.app, 'POST', base, { ...who, body });

/** Flips `bits` low bits of the hash's last hex digits: a near copy at distance `bits`. */
function near(pdq: string, bits: number): string {
  const tail = parseInt(pdq.slice(-4), 16) ^ ((1 << bits) - 1);
  return pdq.slice(0, -4) + tail.toString(16).padStart(4, '0');
}

describe('who may', () => {
  it('answers 401 without a key, on every route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/hash-lists'],
      ['POST', '/api/v1/hash-lists'],
      ['GET', '/api/v1/hash-lists/signals/export'],
      ['GET', `/api/v1/hash-lists/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}/export`],
      ['DELETE', `/api/v1/hash-lists/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`],
      ['GET', '/api/v1/admin/hash-lists'],
      ['POST', '/api/v1/admin/hash-lists'],
    ] as const) {
      const res = await call(t.app, method, url, method === 'POST' ? { body: { name: 'x', content: A } } : {});
      expect(res.status, `${method} ${url}`).toBe(401);
    }
  });

  it('lets a trusted flagger keep its own lists, never export them; keeps them from everyone else', async () => {
    const created = await importList({ org: flagger }, { name: 'Ảnh lừa đảo', content: `${A} scam\n`, source: 'ThreatExchange: fraud collab' });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({
      name: 'Ảnh lừa đảo',
      owner: { id: flagger.actor.orgId, name: 'Tổ chức Kiểm chứng' },
      format: 'text',
      entry_count: 1,
      source: 'ThreatExchange: fraud collab',
    });
    const id = created.json.id;

    expect((await call(t.app, 'GET', '/api/v1/hash-lists', { org: flagger })).json.items.map((l: { id: string }) => l.id)).toContain(id);
    expect((await call(t.app, 'GET', `/api/v1/hash-lists/${id}/export`, { org: flagger })).status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/hash-lists/signals/export', { org: flagger })).status).toBe(403);

    // Other organizations do not learn it exists.
    expect((await call(t.app, 'GET', '/api/v1/hash-lists', { org: otherFlagger })).json.items.map((l: { id: string }) => l.id)).not.toContain(id);
    expect((await call(t.app, 'GET', '/api/v1/hash-lists', { org: facebook })).json.items.map((l: { id: string }) => l.id)).not.toContain(id);
    expect((await call(t.app, 'GET', `/api/v1/hash-lists/${id}/export`, { org: facebook })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/hash-lists/${id}`, { org: otherFlagger })).status).toBe(404);
    expect((await call(t.app, 'DELETE', `/api/v1/hash-lists/${id}`, { org: facebook })).status).toBe(404);

    // Authorities keep no lists.
    expect((await importList({ org: authority }, { name: 'x', content: A })).status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/hash-lists', { org: authority })).status).toBe(403);

    // A viewer may list but not import (reviewer), nor export.
    const viewer = await makePerson(t, facebook, 'viewer');
    expect((await call(t.app, 'GET', '/api/v1/hash-lists', { headers: viewer.headers })).status).toBe(200);
    expect((await importList({ headers: viewer.headers }, { name: 'x', content: A })).status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/hash-lists/signals/export', { headers: viewer.headers })).status).toBe(403);

    expect((await call(t.app, 'DELETE', `/api/v1/hash-lists/${id}`, { org: flagger })).status).toBe(204);
    expect((await call(t.app, 'GET', '/api/v1/hash-lists', { org: flagger })).json.items.map((l: { id: string }) => l.id)).not.toContain(id);
  });

  it("shares the operator's lists with every platform, which may export but not delete them", async () => {
    const csv = `collab,signal_type,signal_str,category,tags\nFraud,pdq,${A},POSITIVE_CLASS,scam phishing\nFraud,video_md5,d41d8cd98f00b204e9800998ecf8427e,POSITIVE_CLASS,\nFraud,pdq,${B},INVESTIGATION_SEED,\n`;
    const created = await importList({ headers: operator }, { name: 'ThreatExchange fraud', content: csv }, '/api/v1/admin/hash-lists');
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({ owner: null, format: 'csv', entry_count: 2, skipped: 1 });
    const id = created.json.id;

    for (const platform of [facebook, youtube]) {
      expect((await call(t.app, 'GET', '/api/v1/hash-lists', { org: platform })).json.items.map((l: { id: string }) => l.id)).toContain(id);
    }
    expect((await call(t.app, 'GET', '/api/v1/hash-lists', { org: flagger })).json.items.map((l: { id: string }) => l.id)).not.toContain(id);

    const text = await call(t.app, 'GET', `/api/v1/hash-lists/${id}/export`, { org: youtube });
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.headers['content-disposition']).toBe('attachment; filename="ThreatExchange-fraud.pdq.txt"');
    expect(text.headers['cache-control']).toBe('private, no-store');
    expect(text.body).toBe(`${A} POSITIVE_CLASS scam,phishing\n${B} INVESTIGATION_SEED\n`);

    const asCsv = await call(t.app, 'GET', `/api/v1/hash-lists/${id}/export?format=csv`, { org: facebook });
    expect(asCsv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(parseHashList(asCsv.body).entries).toEqual(parseHashList(csv).entries);

    expect((await call(t.app, 'DELETE', `/api/v1/hash-lists/${id}`, { org: facebook })).status).toBe(403);
    expect((await call(t.app, 'GET', `/api/v1/admin/hash-lists/${id}/export`, { headers: operator })).body).toBe(text.body);
    expect((await call(t.app, 'DELETE', `/api/v1/admin/hash-lists/${id}`, { headers: operator })).status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/hash-lists/${id}/export`, { org: facebook })).status).toBe(404);
  });
});

describe('import', () => {
  it('takes the file itself as text/plain or text/csv, the name in the query', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/hash-lists?name=T%E1%BB%87p&source=HMA',
      headers: { ...facebook.headers, 'content-type': 'text/csv' },
      payload: `signal_str,tags\n${A},x y\n`,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Tệp', format: 'csv', source: 'HMA', entry_count: 1 });
    const plain = await t.app.inject({ method: 'POST', url: '/api/v1/hash-lists', headers: { ...facebook.headers, 'content-type': 'text/plain' }, payload: A });
    expect(plain.statusCode).toBe(422);
    expect(plain.json().errors).toEqual([{ field: 'name', message: expect.stringContaining('query') }]);
    // Elsewhere a text body is still refused.
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/notices', headers: { ...flagger.headers, 'content-type': 'text/plain' }, payload: 'x' });
    expect(elsewhere.statusCode).toBe(415);
  });

  it('refuses a bad file whole, naming each line and field', async () => {
    const res = await importList({ org: facebook }, { name: 'bad', content: `${A}\nnot-a-hash\n${B} bad"label\n` });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([
      { field: 'line 2: pdq', message: expect.stringContaining('not a PDQ hash') },
      { field: 'line 3: labels', message: expect.stringContaining('not a label') },
    ]);
    expect((await importList({ org: facebook }, { name: '', content: A })).json.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    expect((await importList({ org: facebook }, { name: 'x', content: A, format: 'xml' })).status).toBe(422);
    expect((await importList({ org: facebook }, { name: '=cmd', content: A })).json.errors).toEqual([{ field: 'name', message: expect.stringContaining('formula') }]);
  });
});

describe('matching and own signals', () => {
  let caseId: string;
  let pdq: string;
  let sha256: string;

  it('shows a case image matching a list entry on the case, to those who see the case', async () => {
    const image = await testImage('png', 41);
    const notice = await call(t.app, 'POST', '/api/v1/notices', {
      org: flagger,
      body: noticeInput({ items: [{ url: freshUrl(), images: [{ data_url: dataUrl(image) }] }] } as never),
    });
    expect(notice.status, notice.body).toBe(201);
    caseId = notice.json.cases[0].id;
    [{ pdq, sha256 }] = (await t.ctx.db.query<{ pdq: string; sha256: string }>(
      `SELECT i.pdq, i.sha256 FROM images i JOIN notice_item_images x ON x.sha256 = i.sha256 WHERE x.notice_id = $1`,
      [notice.json.id],
    )) as [{ pdq: string; sha256: string }];

    expect((await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook })).json.hash_list_matches).toEqual([]);
    const list = await importList({ org: youtube }, { name: 'YouTube known scams', content: `${near(pdq, 6)}\n${near(pdq, 3)} POSITIVE_CLASS scam,bank\n` });
    expect(list.status, list.body).toBe(201);
    // A far hash (distance > 31) is left out.
    await importList({ org: youtube }, { name: 'far', content: `${pdq.replace(/^.{16}/, (s) => [...s].map((c) => (15 - parseInt(c, 16)).toString(16)).join(''))}\n` });

    // One per list and image: its closest entry.
    const expected = [{ list_id: list.json.id, list_name: 'YouTube known scams', labels: ['scam', 'bank'], distance: 3, image_sha256: sha256 }];
    for (const org of [facebook, flagger]) {
      const seen = await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org });
      expect(seen.status).toBe(200);
      expect(seen.json.hash_list_matches.filter((m: { list_name: string }) => m.list_name !== 'far')).toEqual(expected);
      expect(seen.json.hash_list_matches.map((m: { list_name: string }) => m.list_name)).not.toContain('far');
    }
    expect((await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: otherFlagger })).status).toBe(404);

    // Deleted, it matches no more.
    expect((await call(t.app, 'DELETE', `/api/v1/hash-lists/${list.json.id}`, { org: youtube })).status).toBe(204);
    expect((await call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org: facebook })).json.hash_list_matches).toEqual([]);
    const indexed = await t.ctx.db.query(`SELECT 1 FROM pdq_hashes WHERE owner_kind = 'hash_list' AND owner_id IN (SELECT id::text FROM hash_list_entries WHERE list_id = $1)`, [
      list.json.id,
    ]);
    expect(indexed).toEqual([]);
  });

  it("exports minhbach's own signals: the PDQ of images on restricted cases with DSA labels, nothing else", async () => {
    const before = await call(t.app, 'GET', '/api/v1/hash-lists/signals/export', { org: facebook });
    expect(before.status).toBe(200);
    expect(before.body).not.toContain(pdq);

    const decided = await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() });
    expect(decided.status, decided.body).toBe(201);
    const [{ quality }] = (await t.ctx.db.query<{ quality: number }>(`SELECT quality FROM images WHERE sha256 = $1`, [sha256])) as [{ quality: number }];

    const text = await call(t.app, 'GET', '/api/v1/hash-lists/signals/export', { org: facebook });
    expect(text.headers['content-disposition']).toMatch(/^attachment; filename="minhbach-signals-\d{4}-\d{2}-\d{2}\.pdq\.txt"$/);
    for (const line of text.body.split('\n').filter(Boolean)) expect(line).toMatch(/^[0-9a-f]{64} POSITIVE_CLASS [A-Z0-9_,]+$/);
    // Worth matching on (ThreatExchange's bar), so it is shared.
    expect(quality).toBeGreaterThanOrEqual(50);
    expect(text.body).toContain(`${pdq} POSITIVE_CLASS STATEMENT_CATEGORY_SCAMS_AND_FRAUD,DECISION_GROUND_ILLEGAL_CONTENT\n`);

    const csv = await call(t.app, 'GET', '/api/v1/hash-lists/signals/export?format=csv', { org: youtube });
    expect(csv.body.split('\r\n')[0]).toBe('collab,signal_type,signal_str,category,tags');
    for (const row of csv.body.split('\r\n').slice(1).filter(Boolean)) expect(row).toMatch(/^minhbach,pdq,[0-9a-f]{64},POSITIVE_CLASS,[A-Z0-9_ ]+$/);
    expect(csv.body).not.toMatch(/https?:|facebook\.com/);
    expect((await call(t.app, 'GET', '/api/v1/admin/hash-lists/signals/export', { headers: operator })).body).toBe(text.body);
  });
});
