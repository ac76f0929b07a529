import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrate, type LogServer, openLogServer, publishNotices } from '../verifier/test-fixtures.ts';
import { makeDailyDump } from './dump.service.ts';

let s: LogServer;
const dumpsDir = mkdtempSync(path.join(tmpdir(), 'minhbach-dumps-crash-'));

beforeAll(async () => {
  s = await openLogServer({ dumpsDir });
  await publishNotices(s, 3);
  await integrate(s);
});
afterAll(async () => {
  await s?.t.close();
  rmSync(dumpsDir, { recursive: true, force: true });
});

describe('open data dump files, written in a worker thread', () => {
  it('fail the dump when the worker dies mid-dump, leaving no file behind and the day free for the next run', async () => {
    const dying = new URL('./dump-files.fixture.ts', import.meta.url);
    await expect(makeDailyDump(s.t.ctx, { dir: dumpsDir, encoder: dying, pageSize: 1 })).rejects.toThrow(/worker exited/);
    expect(readdirSync(dumpsDir)).toEqual([]);

    const next = await makeDailyDump(s.t.ctx, { dir: dumpsDir });
    expect(next).toMatchObject({ made: true });
    if (!next.made) throw new Error('no dump');
    expect(readdirSync(dumpsDir).sort()).toEqual(next.dump.files.map((f) => f.name).sort());
  });
});
