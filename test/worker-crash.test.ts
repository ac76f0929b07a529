import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/postgres.ts';
import { freshUrl, noticeInput } from './factories.ts';

/**
 * The worker loses nothing and sends nothing twice that a receiver cannot de-duplicate (issue
 * 12): a real server (its worker inside) is killed with SIGKILL while it delivers webhooks to a
 * slow receiver, and started again. Every event reaches the receiver, each case's in order;
 * a delivery repeated after the crash carries the same webhook-id and the same body. On the
 * embedded database (its data directory), and in the postgres project on a database of its own.
 */
const root = path.resolve(import.meta.dirname, '..');
const onPostgres = process.env.MINHBACH_TEST_DB === 'postgres';
const dataDir = mkdtempSync(path.join(tmpdir(), 'minhbach-worker-crash-'));
let databaseUrl: string | undefined;
let dropDatabase = async () => {};

const env = (extra: Record<string, string>) => {
  const { DATABASE_URL: _ignored, ...clean } = process.env;
  return { ...clean, MINHBACH_DATA_DIR: dataDir, MINHBACH_LINKER: 'off', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...extra };
};

function cli(...args: string[]): Record<string, string> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env: env({ LOG_LEVEL: 'warn' }) });
  return JSON.parse(out.toString().trim().split('\n').pop()!);
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  // Loopback allowed for the receiver; the shortest lease, so jobs of the killed worker are taken again soon on PostgreSQL.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: env({ PORT: '0', LOG_LEVEL: 'info', MINHBACH_OUTBOUND_ALLOW: '127.0.0.1/32', MINHBACH_JOB_LEASE_SECONDS: '15' }),
  });
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
  });
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGKILL'))));

interface Delivery {
  id: string;
  body: string;
  type: string;
  case_id: string;
}

describe('the worker survives being killed mid-delivery', () => {
  let receiver: http.Server;
  let receiverUrl: string;
  const deliveries: Delivery[] = [];
  let secret = '';

  beforeAll(async () => {
    if (onPostgres) {
      const name = `minhbach_worker_crash_${process.pid}_${Date.now()}`;
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
    // A slow receiver: each delivery is answered after 150 ms, so many are in flight at the kill.
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const verified = new Webhook(secret).verify(body, req.headers as Record<string, string>) as { type: string; data: { case_id: string } };
        deliveries.push({ id: String(req.headers['webhook-id']), body, type: verified.type, case_id: verified.data.case_id });
        setTimeout(() => res.writeHead(204).end(), 150);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hooks`;
  }, 120_000);

  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every event, in order per case, after a SIGKILL and a restart', async () => {
    const authority = cli('org', 'create', '--kind', 'authority', '--name', 'Bộ Công an').api_key!;
    const platform = cli('org', 'create', '--kind', 'platform', '--service', 'facebook', '--name', 'Facebook').api_key!;
    let { child, url } = await startServer();
    const endpoint = await fetch(`${url}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiverUrl, event_types: ['case.created', 'notice.received'] }),
    });
    expect(endpoint.status, await endpoint.clone().text()).toBe(201);
    secret = ((await endpoint.json()) as { secret: string }).secret;

    const cases: string[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${url}/api/v1/notices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${authority}`, 'content-type': 'application/json' },
        body: JSON.stringify(noticeInput({ items: [{ url: freshUrl() }] })),
      });
      expect(res.status).toBe(201);
      cases.push(((await res.json()) as { cases: { id: string }[] }).cases[0]!.id);
    }
    // Killed in the middle of delivering: some delivered, most not yet.
    const deadline = Date.now() + 60_000;
    while (deliveries.length < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(deliveries.length).toBeGreaterThanOrEqual(8);
    await killed(child);
    const beforeRestart = deliveries.length;
    expect(beforeRestart).toBeLessThan(cases.length * 2);

    ({ child, url } = await startServer());
    try {
      const distinct = () => new Set(deliveries.map((d) => d.id)).size;
      const until = Date.now() + 90_000;
      while (distinct() < cases.length * 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));

      // Every event of every case, once by webhook-id.
      expect(distinct()).toBe(cases.length * 2);
      for (const id of cases) {
        const mine = deliveries.filter((d) => d.case_id === id);
        expect(new Set(mine.map((d) => d.type))).toEqual(new Set(['case.created', 'notice.received']));
        // In order: the case's creation reached the receiver before the notice on it.
        expect(mine[0]!.type).toBe('case.created');
      }
      // A repeat (sent before the kill, not recorded as done) is the same delivery: same id, same body.
      const byId = new Map<string, string>();
      for (const d of deliveries) {
        if (byId.has(d.id)) expect(d.body).toBe(byId.get(d.id));
        byId.set(d.id, d.body);
      }
    } finally {
      await killed(child);
    }
  }, 240_000);
});
