import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint, type Checkpoint } from '../src/core/tlog/checkpoint.ts';
import { fromBase64 } from '../src/core/tlog/encoding.ts';
import { verifyConsistency } from '../src/core/tlog/merkle.ts';
import { parseVerifierKey, type VerifierKey } from '../src/core/tlog/note.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { freshUrl, noticeInput } from './factories.ts';

/**
 * The log survives crashes (issue 4): a real server is killed with SIGKILL while notices pour in,
 * three times, each after a different number of acknowledged notices. After each restart every acknowledged notice's public record is in the log, and
 * every checkpoint seen before the crash is consistent with the new one. On the embedded
 * database (its data directory) and, in the postgres project, on a PostgreSQL database of its own.
 */
const root = path.resolve(import.meta.dirname, '..');
const onPostgres = process.env.MINHBACH_TEST_DB === 'postgres';
const dataDir = mkdtempSync(path.join(tmpdir(), 'minhbach-crash-'));
let databaseUrl: string | undefined;
let dropDatabase = async () => {};

function run(args: string[], env: Record<string, string> = {}): ChildProcess {
  const { DATABASE_URL: _ignored, ...clean } = process.env;
  return spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...clean, MINHBACH_DATA_DIR: dataDir, LOG_LEVEL: 'info', MINHBACH_LINKER: 'off', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env },
  });
}

function cli(...args: string[]): Record<string, string> & { api_key: string } {
  const { DATABASE_URL: _ignored, ...clean } = process.env;
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...clean, MINHBACH_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
  });
  return JSON.parse(out.toString().trim().split('\n').pop()!);
}

/** Starts the server and resolves with its URL, read from its start-up log line. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = run(['src/main.ts'], { PORT: '0' });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /minhbach listening on (http:\/\/[^ ]+) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      if (/integrating the transparency log failed/.test(String(d))) process.stderr.write(`SERVER: ${d}`);
    });
  });
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGKILL'))));

async function checkpoint(url: string, key: VerifierKey): Promise<Checkpoint> {
  return openCheckpoint(await (await fetch(`${url}/log/checkpoint`)).text(), key).checkpoint;
}

describe('the transparency log survives being killed at any moment', () => {
  let authorityKey: string;
  let key: VerifierKey;

  beforeAll(async () => {
    if (onPostgres) {
      const name = `minhbach_crash_${process.pid}_${Date.now()}`;
      const admin = openPostgres(process.env.TEST_DATABASE_URL!, { max: 1 });
      await admin.exec(`CREATE DATABASE ${name}`);
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${name}`;
      databaseUrl = u.toString();
      dropDatabase = async () => {
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      };
    }
    authorityKey = cli('org', 'create', '--kind', 'authority', '--name', 'Cục Phát thanh, truyền hình và thông tin điện tử').api_key;
  }, 120_000);

  afterAll(async () => {
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged record and a consistent history across three SIGKILLs', async () => {
    const acknowledged = new Set<string>();
    const seen: Checkpoint[] = [];
    for (let round = 0; round < 3; round++) {
      const { child, url } = await startServer();
      key ??= parseVerifierKey((await (await fetch(`${url}/log/key`)).text()).trim());
      // Earlier checkpoints must all be consistent with the one served after the restart.
      await checkConsistent(url, seen);
      let stop = false;
      const writers = Array.from({ length: 8 }, async () => {
        while (!stop) {
          try {
            const res = await fetch(`${url}/api/v1/notices`, {
              method: 'POST',
              headers: { authorization: `Bearer ${authorityKey}`, 'content-type': 'application/json' },
              body: JSON.stringify(noticeInput({ items: [{ url: freshUrl() }] })),
            });
            if (res.status === 201) acknowledged.add(((await res.json()) as { id: string }).id);
          } catch {
            // The server died mid-request: that notice was never acknowledged.
          }
        }
      });
      const watcher = (async () => {
        while (!stop) {
          try {
            seen.push(await checkpoint(url, key));
          } catch {
            // Killed.
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      // Kill at a different moment each round, while appends and integrations are under way: after
      // a number of acknowledged notices rather than a time, which a loaded machine stretches.
      const target = acknowledged.size + 15 + round * 10;
      while (acknowledged.size < target) await new Promise((r) => setTimeout(r, 5));
      await killed(child);
      stop = true;
      await Promise.all([...writers, watcher]);
    }

    const { child, url } = await startServer();
    try {
      await checkConsistent(url, seen);
      // Once the integrator has caught up, every acknowledged notice's record has a log index.
      let logged = new Map<string, number | null>();
      for (let i = 0; i < 100; i++) {
        logged = await loggedNotices(url);
        if ([...acknowledged].every((id) => typeof logged.get(id) === 'number')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(acknowledged.size).toBeGreaterThan(20);
      // Lost (not published at all) and published-but-not-logged are told apart in a failure.
      expect({ lost: [...acknowledged].filter((id) => !logged.has(id)), unlogged: [...acknowledged].filter((id) => logged.get(id) === null) }).toEqual({ lost: [], unlogged: [] });
      const final = await checkpoint(url, key);
      const indexes = [...logged.values()].filter((i): i is number => i !== null).sort((a, b) => a - b);
      // The log holds each record once, densely numbered: nothing lost, nothing doubled.
      expect(indexes).toEqual(indexes.map((_, i) => i));
      expect(final.size).toBe(indexes.length);
    } finally {
      await killed(child);
    }
  }, 240_000);

  async function checkConsistent(url: string, earlier: Checkpoint[]) {
    const now = await checkpoint(url, key);
    for (const old of earlier.filter((c, i, all) => c.size > 0 && all.findIndex((d) => d.size === c.size) === i)) {
      expect(now.size).toBeGreaterThanOrEqual(old.size);
      const res = await fetch(`${url}/log/consistency?old=${old.size}&new=${now.size}`);
      const proof = (await res.text())
        .split('\n')
        .filter(Boolean)
        .map((l) => fromBase64(l, 'proof'));
      expect(() => verifyConsistency(old.size, now.size, proof, old.root, now.root)).not.toThrow();
    }
  }
});

/** notice id → log index of its public record (null while not yet integrated). */
async function loggedNotices(url: string): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  let cursor: string | null = null;
  do {
    const page = (await (await fetch(`${url}/api/v1/public/records?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json()) as {
      items: { id: string; notice_id?: string; log_index: number | null }[];
      next_cursor: string | null;
    };
    // Records the server publishes on its own (a daily open data dump) are in the log too.
    for (const r of page.items) out.set(r.notice_id ?? r.id, r.log_index);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}
