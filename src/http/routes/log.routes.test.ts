import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { openCheckpoint } from '../../core/tlog/checkpoint.ts';
import { decodeEntryBundle } from '../../core/tlog/entry-bundle.ts';
import { fromBase64 } from '../../core/tlog/encoding.ts';
import { entryMatchesRecord, parseLogEntry } from '../../core/tlog/log-entry.ts';
import { leafHash, rootOf, verifyConsistency } from '../../core/tlog/merkle.ts';
import { parseVerifierKey } from '../../core/tlog/note.ts';
import { splitTile } from '../../core/tlog/tile.ts';
import { verifyTlogProof } from '../../core/tlog/tlog-proof.ts';

let t: TestApp;
let authority: TestOrg;
let facebook: TestOrg;

const get = (url: string) => t.app.inject({ method: 'GET', url });

/** Files authority requests (each one published); returns their case ids. */
async function publishNotices(n: number): Promise<string[]> {
  const caseIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url: freshUrl() }] }) });
    expect(res.status).toBe(201);
    caseIds.push(res.json.cases[0].id);
  }
  return caseIds;
}

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

describe('the transparency log over HTTP', () => {
  it('serves its verifier key and a signed checkpoint of the empty log', async () => {
    const key = await get('/log/key');
    expect(key.statusCode).toBe(200);
    expect(key.body.trim()).toBe(t.logSigner.verifierKeyString());
    const cp = await get('/log/checkpoint');
    expect(cp.headers['content-type']).toMatch(/^text\/plain/);
    expect(cp.headers['cache-control']).toMatch(/max-age=\d$/);
    const opened = openCheckpoint(cp.body, parseVerifierKey(key.body.trim()));
    expect(opened.checkpoint.origin).toBe('test.minhbach.localhost/log');
  });

  it('logs every public record, shows its index, and proves its inclusion', async () => {
    await publishNotices(3);
    const before = (await call(t.app, 'GET', '/api/v1/public/records?limit=100')).json.items as { id: string; log_index: number | null }[];
    expect(before.every((r) => r.log_index === null)).toBe(true);
    expect(await t.integrate()).toBe(before.length);
    const vkey = parseVerifierKey((await get('/log/key')).body.trim());
    for (const r of before) {
      const record = (await call(t.app, 'GET', `/api/v1/public/records/${r.id}`)).json;
      expect(record.log_index).toEqual(expect.any(Number));
      const proof = await get(`/api/v1/public/records/${r.id}/proof`);
      expect(proof.statusCode).toBe(200);
      expect(proof.body.startsWith('c2sp.org/tlog-proof@v1\n')).toBe(true);
      // The entry at that index commits to exactly the record the public sees.
      const bundle = decodeEntryBundle(new Uint8Array((await get(`/log/tile/entries/000.p/${before.length}`)).rawPayload));
      const entry = bundle[record.log_index]!;
      const { log_index: _i, superseded_by: _s, ...document } = record;
      expect(parseLogEntry(entry).id).toBe(r.id);
      expect(entryMatchesRecord(parseLogEntry(entry), document)).toBe(true);
      expect(verifyTlogProof(proof.body, { entry }, vkey).index).toBe(record.log_index);
    }
  });

  it('serves tiles whose hashes are the leaf hashes of the entries, and whose root is the checkpoint root', async () => {
    const vkey = parseVerifierKey((await get('/log/key')).body.trim());
    const { checkpoint } = openCheckpoint((await get('/log/checkpoint')).body, vkey);
    const n = checkpoint.size;
    const tile = await get(`/log/tile/0/000.p/${n}`);
    expect(tile.statusCode).toBe(200);
    expect(tile.headers['content-type']).toBe('application/octet-stream');
    expect(tile.headers['cache-control']).toContain('immutable');
    const entries = decodeEntryBundle(new Uint8Array((await get(`/log/tile/entries/000.p/${n}`)).rawPayload));
    const hashes = splitTile(new Uint8Array(tile.rawPayload));
    expect(hashes.map((h) => Buffer.from(h).toString('hex'))).toEqual(entries.map((e) => Buffer.from(leafHash(e)).toString('hex')));
    expect(Buffer.from(rootOf(hashes))).toEqual(Buffer.from(checkpoint.root));
    // A narrower partial tile is served too (an older checkpoint's), a wider one or a full one is not there yet.
    expect((await get(`/log/tile/0/000.p/1`)).rawPayload.length).toBe(32);
    expect((await get(`/log/tile/0/000.p/${n + 1}`)).statusCode).toBe(404);
    expect((await get('/log/tile/0/000')).statusCode).toBe(404);
    expect((await get('/log/tile/0/x000/001')).statusCode).toBe(404);
    expect((await get('/log/tile/../etc/passwd')).statusCode).toBe(404);
  });

  it('proves the log only grew, between any two sizes', async () => {
    const vkey = parseVerifierKey((await get('/log/key')).body.trim());
    const old = openCheckpoint((await get('/log/checkpoint')).body, vkey).checkpoint;
    const [caseId] = await publishNotices(2);
    // A statement of reasons is published, hence logged, too.
    expect((await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    expect(await t.integrate()).toBe(3);
    const now = openCheckpoint((await get('/log/checkpoint')).body, vkey).checkpoint;
    expect(now.size).toBeGreaterThan(old.size);
    const res = await get(`/log/consistency?old=${old.size}&new=${now.size}`);
    expect(res.statusCode).toBe(200);
    const proof = res.body
      .split('\n')
      .filter(Boolean)
      .map((l) => fromBase64(l, 'proof'));
    expect(() => verifyConsistency(old.size, now.size, proof, old.root, now.root)).not.toThrow();
    const latest = await get(`/log/consistency?old=${old.size}`);
    expect(latest.body).toBe(res.body);
  });

  it('answers bad proof requests with a clear error, not a crash', async () => {
    expect((await get('/log/consistency?old=0')).statusCode).toBe(422);
    expect((await get('/log/consistency?old=abc')).statusCode).toBe(422);
    expect((await get('/log/consistency?old=1&new=999999999')).json().errors[0].field).toBe('new');
    expect((await get('/api/v1/public/records/not-a-uuid/proof')).statusCode).toBe(404);
    expect((await get('/api/v1/public/records/018f0000-0000-7000-8000-000000000000/proof')).statusCode).toBe(404);
  });

  it('says how many published records still wait for the log, and since when', async () => {
    await t.integrate();
    const idle = (await call(t.app, 'GET', '/api/v1/public/log')).json;
    expect(idle).toMatchObject({ origin: 'test.minhbach.localhost/log', pending: 0, oldest_pending_at: null, lag_seconds: 0 });
    expect(idle.size).toBeGreaterThan(0);

    await publishNotices(2);
    const first = ((await call(t.app, 'GET', '/api/v1/public/records?limit=100')).json.items as { published_at: string; log_index: number | null }[])
      .filter((r) => r.log_index === null)
      .map((r) => r.published_at)
      .sort()[0];
    const waiting = await call(t.app, 'GET', '/api/v1/public/log');
    expect(waiting.status).toBe(200);
    expect(waiting.json).toMatchObject({ size: idle.size, checkpoint_at: idle.checkpoint_at, pending: 2, oldest_pending_at: first });
    expect(waiting.json.lag_seconds).toBeGreaterThanOrEqual(0);

    // An hour later with no integrator running, the lag says so.
    t.advance(3_600_000);
    expect((await call(t.app, 'GET', '/api/v1/public/log')).json.lag_seconds).toBeGreaterThanOrEqual(3600);

    await t.integrate();
    const caught = (await call(t.app, 'GET', '/api/v1/public/log')).json;
    expect(caught).toMatchObject({ size: idle.size + 2, pending: 0, oldest_pending_at: null, lag_seconds: 0 });
    expect(new Date(caught.checkpoint_at).getTime()).toBeGreaterThan(new Date(idle.checkpoint_at).getTime());
  });
});
