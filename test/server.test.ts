import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeInput } from './factories.ts';

/**
 * The two things a newcomer does: start the server on the embedded database, and create
 * organizations with the CLI, while the server runs and after it stopped. Real processes, real
 * data directory. The HTTP suites cover PostgreSQL; this one is about the embedded default.
 */
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'minhbach-server-'));

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  const { DATABASE_URL: _ignored, ...clean } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...clean, MINHBACH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env } });
}

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const cli = (...args: string[]) => finished(run(['src/cli/main.ts', ...args]));

async function waitForLock(): Promise<{ url: string }> {
  for (let i = 0; i < 200; i++) {
    const file = path.join(dataDir, 'minhbach.lock');
    if (existsSync(file)) {
      const info = JSON.parse(readFileSync(file, 'utf8'));
      if (info.url) return info;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

describe.runIf(process.env.MINHBACH_TEST_DB !== 'postgres')('server and CLI on the embedded database', () => {
  let server: ChildProcess;
  let url: string;

  beforeAll(async () => {
    server = run(['src/main.ts'], { PORT: '0' });
    url = (await waitForLock()).url;
  }, 60_000);
  afterAll(() => {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('creates an organization through the running server; its key works at once', async () => {
    const out = await cli('org', 'create', '--kind', 'trusted_flagger', '--name', 'Nhóm kiểm chứng');
    expect(out.code).toBe(0);
    const created = JSON.parse(out.stdout.trim());
    expect(created.api_key).toMatch(/^mbk_/);
    const res = await fetch(`${url}/api/v1/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.api_key}`, 'content-type': 'application/json' },
      body: JSON.stringify(noticeInput({ legal_basis: undefined })),
    });
    expect(res.status).toBe(201);
  });

  it('explains a bad CLI call instead of crashing', async () => {
    const out = await cli('org', 'create', '--kind', 'platform', '--name', 'No platform given');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('platform');
  });

  it('withdraws a public record through the running server, and explains a bad call', async () => {
    const org = JSON.parse((await cli('org', 'create', '--kind', 'trusted_flagger', '--name', 'Nhóm rút lại')).stdout.trim());
    const filed = await fetch(`${url}/api/v1/notices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${org.api_key}`, 'content-type': 'application/json' },
      body: JSON.stringify(noticeInput({ legal_basis: undefined, explanation: 'Zqwithdrawcli bài viết lộ số điện thoại cá nhân' })),
    });
    expect(filed.status).toBe(201);
    const record = ((await (await fetch(`${url}/api/v1/public/records?q=zqwithdrawcli`)).json()) as { items: { id: string }[] }).items[0]!;
    const out = await cli('withdraw', record.id, '--reason', 'Published with a private phone number by mistake');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout.trim())).toMatchObject({ withdrawn_record_id: record.id, withdrawal_id: expect.any(String) });
    const again = await cli('withdraw', record.id, '--reason', 'Trying a second time');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already withdrawn');
    expect((await cli('withdraw', '--reason', 'no id given')).code).toBe(64);
  }, 60_000);

  it('canonicalizes URLs and extracts articles from the command line', async () => {
    const canon = await cli('canon', 'https://m.facebook.com/story.php?story_fbid=123&id=456&fbclid=x', 'javascript:alert(1)');
    const [good, bad] = canon.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(good).toMatchObject({ platform: 'facebook', kind: 'post', id: '123' });
    expect(bad).toMatchObject({ input: 'javascript:alert(1)' });
    expect(canon.code).toBe(1);
  });

  it('refuses to open the same data directory in a second server', async () => {
    const second = await finished(run(['src/main.ts'], { PORT: '0' }));
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('is in use by another minhbach process');
  }, 60_000);

  it('refuses to start on bad configuration, naming the variable', async () => {
    const bad = await finished(run(['src/main.ts'], { PORT: 'eighty' }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PORT');
  });

  it('releases the data directory on shutdown, so the CLI opens it directly', async () => {
    const stopped = finished(server);
    server.kill('SIGTERM');
    expect((await stopped).code).toBe(0);
    expect(existsSync(path.join(dataDir, 'minhbach.lock'))).toBe(false);
    const out = await cli('org', 'create', '--kind', 'platform', '--name', 'YouTube', '--platform', 'youtube');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout.trim()).org_id).toBeTruthy();
  }, 60_000);

  it('imports notices from JSON lines, reporting a bad line by number without stopping', async () => {
    const org = JSON.parse((await cli('org', 'create', '--kind', 'trusted_flagger', '--name', 'Importer')).stdout.trim());
    const file = path.join(dataDir, 'notices.jsonl');
    const good = (i: number) => JSON.stringify(noticeInput({ legal_basis: undefined, explanation: `Lừa đảo ${i}` }));
    writeFileSync(file, [good(1), '{broken', good(2), good(3)].join('\n'));
    const out = await cli('import', file, '--org', org.org_id);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ line: 2, errors: [{ field: '(line)', message: 'is not valid JSON' }] });
    expect(lines.at(-1)).toEqual({ summary: { accepted: 3, repeats: 0, rejected: 1 } });
    expect(out.stderr).toContain('100.0%');
  }, 60_000);
});
