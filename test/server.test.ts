import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const out = await cli('org', 'create', '--kind', 'platform', '--name', 'Not in the registry', '--service', 'myspace');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('services');
    expect(out.stderr).toContain('myspace');
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
    const [good, bad] = canon.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(good).toMatchObject({ platform: 'facebook', kind: 'post', id: '123' });
    expect(bad).toMatchObject({ input: 'javascript:alert(1)' });
    expect(canon.code).toBe(1);
  });

  it('manages keys from the CLI while the server runs: create, list, revoke, disable', async () => {
    const org = JSON.parse((await cli('org', 'create', '--kind', 'authority', '--name', 'Cục khóa')).stdout.trim());
    const made = await cli('key', 'create', '--org', org.org_id, '--name', 'ingest');
    expect(made.code).toBe(0);
    const { key_id, api_key } = JSON.parse(made.stdout.trim());
    const asKey = (key: string) => fetch(`${url}/api/v1/notices`, { headers: { authorization: `Bearer ${key}` } });
    expect((await asKey(api_key)).status).toBe(200);

    const list = await cli('key', 'list', '--org', org.org_id);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout.trim()).keys.map((k: { name: string | null }) => k.name)).toEqual([null, 'ingest']);
    expect(list.stdout).not.toContain(api_key);

    expect((await cli('key', 'revoke', key_id)).code).toBe(0);
    const refused = await asKey(api_key);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { reason: string }).reason).toBe('key_revoked');
    expect((await asKey(org.api_key)).status).toBe(200);

    expect((await cli('org', 'disable', org.org_id)).code).toBe(0);
    expect((await asKey(org.api_key)).status).toBe(401);
    const unknown = await cli('key', 'revoke', '018f0000-0000-7000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not_found');
  }, 90_000);

  it('runs log-key, match, import, reindex, demo, migrate and worker while the server runs', async () => {
    const key = await cli('log-key');
    expect(key.code).toBe(0);
    expect(key.stdout.trim()).toBe((await (await fetch(`${url}/log/key`)).text()).trim());

    const org = JSON.parse((await cli('org', 'create', '--kind', 'trusted_flagger', '--name', 'Nhóm nhập')).stdout.trim());
    const file = path.join(dataDir, 'while-running.jsonl');
    const notices = [1, 2].map((i) => noticeInput({ legal_basis: undefined, explanation: `Lừa đảo khi máy chủ chạy ${i}` }));
    writeFileSync(file, notices.map((n) => JSON.stringify(n)).join('\n'));
    const imported = await cli('import', file, '--org', org.org_id);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout.trim().split('\n').at(-1)!)).toEqual({ summary: { accepted: 2, repeats: 0, rejected: 0 } });
    expect(imported.stderr).toContain('100.0%');

    const matched = await cli('match', '--url', notices[0]!.items[0]!.url);
    expect(matched.code).toBe(0);
    expect(JSON.parse(matched.stdout.trim().split('\n')[0]!)).toMatchObject({ matched_by: 'url', score: 1 });

    const reindexed = await cli('reindex');
    expect(reindexed.code).toBe(0);
    expect(JSON.parse(reindexed.stdout.trim())).toEqual({ reindexed: expect.any(Number) });

    const demo = await cli('demo');
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout.trim())).toMatchObject({ loaded: true });

    expect((await cli('migrate')).code).toBe(0);
    const worker = await cli('worker');
    expect(worker.code).toBe(0);
    expect(worker.stderr).toContain('already links texts and integrates the transparency log');
  }, 120_000);

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
    const out = await cli('org', 'create', '--kind', 'platform', '--name', 'TikTok', '--service', 'tiktok');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout.trim()).org_id).toBeTruthy();
  }, 60_000);

  it('imports notices from JSON lines, reporting a bad line by number without stopping', async () => {
    const org = JSON.parse((await cli('org', 'create', '--kind', 'trusted_flagger', '--name', 'Importer')).stdout.trim());
    const file = path.join(dataDir, 'notices.jsonl');
    const good = (i: number) => JSON.stringify(noticeInput({ legal_basis: undefined, explanation: `Lừa đảo ${i}` }));
    writeFileSync(file, [good(1), '{broken', good(2), good(3)].join('\n'));
    const out = await cli('import', file, '--org', org.org_id);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ line: 2, errors: [{ field: '(line)', message: 'is not valid JSON' }] });
    expect(lines.at(-1)).toEqual({ summary: { accepted: 3, repeats: 0, rejected: 1 } });
    expect(out.stderr).toContain('100.0%');
  }, 60_000);
});

describe.runIf(process.env.MINHBACH_TEST_DB !== 'postgres')('starting on a data directory', () => {
  const dirs: string[] = [];
  const fresh = (mode?: number) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-start-'));
    if (mode !== undefined) chmodSync(dir, mode);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** Starts a server with --demo, waits until it serves, stops it, and returns its demo line. */
  async function startWithDemo(dir: string): Promise<Record<string, any>> {
    const child = run(['src/main.ts', '--demo'], { PORT: '0', MINHBACH_DATA_DIR: dir });
    let stdout = '';
    child.stdout!.on('data', (d) => (stdout += d));
    const done = finished(child);
    // The lock file is created empty and filled in the next instant: read as "not yet" until it says where it serves.
    const serving = () => existsSync(path.join(dir, 'minhbach.lock')) && /"url"/.test(readFileSync(path.join(dir, 'minhbach.lock'), 'utf8'));
    for (let i = 0; i < 600 && child.exitCode === null && !serving(); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
    return JSON.parse(
      stdout
        .trim()
        .split('\n')
        .find((l) => l.includes('"demo"'))!,
    );
  }

  it('prints the demo keys on the first --demo start, and on the next how to make new ones', async () => {
    const dir = fresh();
    const first = await startWithDemo(dir);
    expect(first.demo).toBe('loaded');
    expect(first.organizations.every((o: { api_key?: string }) => o.api_key?.startsWith('mbk_'))).toBe(true);
    const second = await startWithDemo(dir);
    expect(second.demo).toBe('already present');
    expect(JSON.stringify(second)).not.toContain('mbk_');
    expect(second.api_keys).toContain('key create --org');
    expect(second.organizations.map((o: { org_id: string }) => o.org_id).sort()).toEqual(first.organizations.map((o: { org_id: string }) => o.org_id).sort());
  }, 120_000);

  it('refuses a data directory other users can read, saying how to fix it', async () => {
    const dir = fresh(0o755);
    const out = await finished(run(['src/main.ts'], { PORT: '0', MINHBACH_DATA_DIR: dir }));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`chmod 700 ${dir}`);
    const cliOut = await finished(run(['src/cli/main.ts', 'migrate'], { MINHBACH_DATA_DIR: dir }));
    expect(cliOut.code).toBe(2);
    expect(cliOut.stderr).toContain(`chmod 700 ${dir}`);
  }, 60_000);
});
