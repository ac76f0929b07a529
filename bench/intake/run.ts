/**
 * Notice intake benchmark on PostgreSQL (`npm run bench:intake`).
 *
 * Starts the real server as a child process (`node --import tsx src/main.ts`, LOG_LEVEL=warn) on a
 * fresh database `minhbach_bench_<random>` created on BENCH_DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/test) and dropped at the end, creates submitters and platform
 * organizations with the CLI's use case, and measures:
 *   A   POST /api/v1/notices at a fixed 500 requests/s (autocannon overallRate, 50 connections);
 *   A*  the same requests as fast as 50 connections allow (capacity, closed loop);
 *   A'  the same rate, paced evenly (open loop), to separate the server from autocannon's bursts;
 *   B   POST /api/v1/notices/batch, 100 notices per request, at full speed (best of a few
 *       connection counts);
 *   C   a raw COPY FROM STDIN of the rows B produced (same database, scratch tables).
 * Results go to the console, bench/results/intake.json and bench/results/intake.md.
 *
 * Environment: BENCH_SECONDS (default 20) per measured run; BENCH_DATABASE_URL; BENCH_SEED;
 * BENCH_ONLY=single|batch; BENCH_B_CONNECTIONS (skip the sweep); BENCH_SKIP_PACED=1;
 * BENCH_CPU_PROF=1 (server runs with --cpu-prof, profiles in <results>/profiles/);
 * BENCH_RESULTS_DIR (default bench/results); BENCH_DEBUG=1. Experiments, marked as such in the
 * results: BENCH_POOL_SIZE (server's DATABASE_POOL_SIZE), BENCH_PG_SET=name=value[,…] (ALTER
 * DATABASE … SET, e.g. synchronous_commit=off), BENCH_REPEAT_SHARE (default 0.3).
 * Traffic goes only to 127.0.0.1; every loop is bounded in count and time, and a watchdog stops
 * the run (dropping its database) if it overruns its budget.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { canonicalizeUrl } from '../../src/core/url-canonical.ts';
import { openDatabase } from '../../src/db/open.ts';
import { createOrganization } from '../../src/services/organization.service.ts';
import { emptyMix, loadCorpus, NoticeFactory, REPEAT_SHARE, Rng, UrlFactory, type MixStats, type SubmitterKind } from './data.ts';
import { paced, type PacedResult } from './paced.ts';
import { cpuBetween, snapshot, type CpuReport, type PidGroups } from './procstat.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');

// ---------------------------------------------------------------------------------------------
// Settings

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

const SECONDS = intEnv('BENCH_SECONDS', 20, 2, 300);
const BASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SEED = intEnv('BENCH_SEED', 20_251_101, 0, 2 ** 31);
const A_RATE = 500;
const A_CONNECTIONS = 50;
const BATCH_SIZE = 100;
const B_CONNECTIONS = process.env.BENCH_B_CONNECTIONS ? [intEnv('BENCH_B_CONNECTIONS', 4, 1, 64)] : [2, 4, 8];
const SWEEP_SECONDS = Math.max(2, Math.round(SECONDS / 4));
const POOL_SIZE = process.env.BENCH_POOL_SIZE ? intEnv('BENCH_POOL_SIZE', 10, 1, 200) : null;
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
const SKIP_PACED = process.env.BENCH_SKIP_PACED === '1';
/** BENCH_ONLY=single (A, A') or BENCH_ONLY=batch (B, C); both by default. */
const ONLY = new Set((process.env.BENCH_ONLY || 'single,batch').split(',').map((x) => x.trim()));
for (const o of ONLY) if (o !== 'single' && o !== 'batch') throw new Error(`BENCH_ONLY: expected single and/or batch, got "${o}"`);
/** Experiments: database-level settings for the server's sessions, e.g. "synchronous_commit=off". */
const PG_SET = (process.env.BENCH_PG_SET ?? '')
  .split(',')
  .map((x) => x.trim())
  .filter(Boolean)
  .map((kv) => {
    const m = /^([a-z_][a-z0-9_.]*)=([A-Za-z0-9_.-]+)$/.exec(kv);
    if (!m) throw new Error(`BENCH_PG_SET: expected name=value[,name=value], got "${kv}"`);
    return [m[1]!, m[2]!] as const;
  });
const CORPUS_DIR = path.resolve(ROOT, '../shared/corpus/vfnd');
const GOAL_A_P99_MS = 50;
const GOAL_B_NOTICES_PER_S = 20_000;
/** The whole run stops by itself after this, whatever happens. */
const BUDGET_MS = (SECONDS * 6 + SWEEP_SECONDS * B_CONNECTIONS.length + 240) * 1000;

const SUBMITTERS: { kind: SubmitterKind; name: string }[] = [
  { kind: 'authority', name: 'Cục Phát thanh, truyền hình và thông tin điện tử' },
  { kind: 'authority', name: 'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao' },
  { kind: 'authority', name: 'Công an thành phố Hà Nội' },
  { kind: 'trusted_flagger', name: 'Trung tâm Xử lý tin giả Việt Nam' },
  { kind: 'trusted_flagger', name: 'Dự án Chống Lừa Đảo' },
  { kind: 'rights_holder', name: 'Công ty Cổ phần Bản quyền Số Việt' },
  { kind: 'public_reporter', name: 'Cổng tiếp nhận phản ánh của người dân' },
  { kind: 'public_reporter', name: 'Ứng dụng Báo cáo vi phạm trực tuyến' },
  { kind: 'public_reporter', name: 'Nhóm tình nguyện Mạng Sạch' },
];
const PLATFORM_ORGS = [
  { name: 'Meta Platforms (Facebook)', platform: 'facebook' },
  { name: 'Google LLC (YouTube)', platform: 'youtube' },
];
/** Who submits single notices, and who sends batches (bulk importers). */
const MIX_SINGLE: [SubmitterKind, number][] = [
  ['authority', 20],
  ['trusted_flagger', 30],
  ['rights_holder', 10],
  ['public_reporter', 40],
];
const MIX_BATCH: [SubmitterKind, number][] = [
  ['authority', 25],
  ['trusted_flagger', 40],
  ['rights_holder', 10],
  ['public_reporter', 25],
];

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

interface Dist {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function dist(values: number[]): Dist {
  if (values.length === 0) return { count: 0, mean: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const s = Float64Array.from(values).sort();
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  let sum = 0;
  for (const v of s) sum += v;
  return { count: s.length, mean: r2(sum / s.length), p50: r2(q(50)), p90: r2(q(90)), p99: r2(q(99)), max: r2(s[s.length - 1]!) };
}

function debug(msg: string) {
  if (process.env.BENCH_DEBUG === '1') process.stdout.write(`   [debug] ${msg}\n`);
}

// A closed pipe (`… | head`) must not kill the run before it drops its database.
process.stdout.on('error', () => {});

function log(msg: string) {
  process.stdout.write(`${msg}\n`);
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))];
  const width = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join(' | ')} |`;
  return [line(cells[0]!), `|${width.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

// ---------------------------------------------------------------------------------------------
// State the cleanup needs

let admin: postgres.Sql | null = null;
let mon: postgres.Sql | null = null;
let server: ChildProcess | null = null;
let dbName: string | null = null;
let cleaned = false;
let serverStopping = false;

async function stopServer(): Promise<number | null> {
  const child = server;
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  serverStopping = true;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
  if (code === 'timeout') {
    child.kill('SIGKILL');
    return await Promise.race([exited, sleep(5_000).then(() => null)]);
  }
  return code;
}

let cleaning: Promise<void> | null = null;

/** Stops the server and drops the database; every caller waits for the same single cleanup. */
function cleanup(): Promise<void> {
  cleaning ??= doCleanup();
  return cleaning;
}

async function doCleanup(): Promise<void> {
  cleaned = true;
  try {
    await stopServer();
  } catch (e) {
    log(`cleanup: stopping the server failed: ${String(e)}`);
  }
  try {
    await mon?.end({ timeout: 2 });
  } catch {
    /* ignore */
  }
  if (admin && dbName) {
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      log(`cleanup: dropped database ${dbName}`);
    } catch (e) {
      log(`cleanup: could not drop database ${dbName}: ${String(e)}`);
    }
  }
  try {
    await admin?.end({ timeout: 2 });
  } catch {
    /* ignore */
  }
}

// ---------------------------------------------------------------------------------------------
// Load runs

interface Measured<T> {
  out: T;
  cpu: CpuReport;
  mix: MixStats;
  rows: Record<string, number>;
  activity: ActivityReport;
}

interface ActivityReport {
  samples: number;
  /** Server sessions seen per sample, on average. */
  sessions_avg: number;
  by_state: { what: string; sessions_avg: number }[];
}

/** "INSERT INTO notices", "SELECT … FROM organizations", "COMMIT"… from a statement's text. */
function statementName(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  const write = /^(INSERT INTO \w+|UPDATE \w+|DELETE FROM \w+|COPY \w+)/i.exec(q);
  if (write) return write[1]!;
  const read = /^SELECT .*? FROM (\w+)/i.exec(q);
  if (read) return `SELECT … FROM ${read[1]}`;
  return q.slice(0, 40);
}

interface AutocannonRun {
  seconds: number;
  sent: number;
  completed: number;
  status: Record<string, number>;
  errors: number;
  timeouts: number;
  latency: Dist;
  /** From the response bodies of batches. */
  accepted: number;
  repeats: number;
  rejected: number;
}

const BATCH_HEAD = /^\{"accepted":(\d+),"repeats":(\d+),"rejected":(\d+)/;

function runAutocannon(opts: {
  port: number;
  path: string;
  seconds: number;
  connections: number;
  overallRate?: number;
  amount?: number;
  next: () => { body: string; authorization: string };
  batch?: boolean;
}): Promise<AutocannonRun> {
  const latencies: number[] = [];
  const status: Record<string, number> = {};
  const out = { accepted: 0, repeats: 0, rejected: 0 };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${opts.port}`,
        connections: opts.connections,
        ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
        // autocannon's correction assumes an interval of ceil(1 / per-connection rate) = 1 ms, which
        // adds invented samples; latencies are recorded here from each response instead.
        ...(opts.overallRate ? { ignoreCoordinatedOmission: true } : {}),
        timeout: 10,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            method: 'POST',
            path: opts.path,
            setupRequest: (req: Record<string, any>) => {
              const n = opts.next();
              return { ...req, headers: { ...req.headers, authorization: n.authorization }, body: n.body };
            },
            ...(opts.batch
              ? {
                  onResponse: (code: number, body: string) => {
                    if (code !== 200) return;
                    const m = BATCH_HEAD.exec(body);
                    if (!m) return;
                    out.accepted += Number(m[1]);
                    out.repeats += Number(m[2]);
                    out.rejected += Number(m[3]);
                  },
                }
              : {}),
          },
        ],
      } as autocannon.Options,
      (err, result) => {
        if (err) return reject(err);
        resolve({
          seconds: result.duration,
          sent: result.requests.sent,
          completed: latencies.length,
          status,
          errors: result.errors,
          timeouts: result.timeouts,
          latency: dist(latencies),
          ...out,
        });
      },
    );
    instance.on('response', (_client: unknown, code: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      status[code] = (status[code] ?? 0) + 1;
    });
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  const watchdog = setTimeout(() => {
    log(`\nThe benchmark went over its ${BUDGET_MS / 1000} s budget: stopping.`);
    void cleanup().finally(() => process.exit(1));
  }, BUDGET_MS);
  watchdog.unref();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log(`\n${sig}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  // --- machine
  admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  const pgVersion = (await admin<{ version: string }[]>`SELECT version()`)[0]!.version;
  const pgSettings = Object.fromEntries(
    (
      await admin<{ name: string; setting: string; unit: string | null }[]>`
        SELECT name, setting, unit FROM pg_settings
        WHERE name IN ('shared_buffers','synchronous_commit','fsync','wal_level','max_connections','max_wal_size','checkpoint_timeout','commit_delay','full_page_writes','work_mem')
        ORDER BY name`
    ).map((s) => [s.name, s.unit ? `${s.setting} ${s.unit}` : s.setting]),
  );
  const git = (() => {
    try {
      const run = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      const dirty = run('status', '--porcelain', '--', 'src');
      return { commit: run('rev-parse', '--short', 'HEAD'), subject: run('log', '-1', '--format=%s'), src_modified: dirty ? dirty.split('\n').length : 0 };
    } catch {
      return null;
    }
  })();
  const cpus = os.cpus();
  const machine = {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu_model: cpus[0]?.model ?? 'unknown',
    cpu_count: cpus.length,
    total_memory_gib: r1(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion,
    postgres_settings: pgSettings,
  };
  log('minhbach notice intake benchmark');
  log(`  date        ${startedAt.toISOString()}`);
  log(`  os          ${machine.os}`);
  log(`  cpu         ${machine.cpu_model} × ${machine.cpu_count}`);
  log(`  memory      ${machine.total_memory_gib} GiB`);
  log(`  node        ${machine.node}`);
  log(`  postgres    ${pgVersion}`);
  log(
    `  pg settings ${Object.entries(pgSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  log(`  load generator, server and PostgreSQL share these ${machine.cpu_count} CPUs`);
  if (git) log(`  code        ${git.commit} "${git.subject}"${git.src_modified ? ` + ${git.src_modified} uncommitted file(s) under src/` : ''}`);

  // --- data
  const rng = new Rng(SEED);
  const corpus = loadCorpus(CORPUS_DIR, rng);
  log(
    corpus.used
      ? `  texts       Vietnamese corpus found at ${CORPUS_DIR}: ${corpus.files} documents, ${corpus.snippets.length} snippets used as content copies (plus ${23} hand-written themes)`
      : `  texts       corpus not found at ${CORPUS_DIR}: hand-written Vietnamese texts only`,
  );
  const urls = new UrlFactory(rng, corpus);
  const factory = new NoticeFactory(rng, urls, corpus);

  // URL variants must join the content they repeat: check the generator against the canonicalizer.
  const check = (() => {
    const r = new Rng(SEED + 1);
    const u = new UrlFactory(r, corpus);
    let same = 0;
    const n = 2000;
    const failures: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = u.fresh((['facebook', 'youtube', 'tiktok', 'news'] as const)[i % 4]!);
      const v = u.variant(c);
      if (canonicalizeUrl(c.url).content_key === canonicalizeUrl(v).content_key) same += 1;
      else if (failures.length < 3) failures.push(`${c.url} vs ${v}`);
    }
    return { checked: n, joined: same, failures };
  })();
  log(`  url check   ${check.joined}/${check.checked} repeat variants map to the content they repeat${check.failures.length ? `; e.g. ${check.failures.join('; ')}` : ''}`);

  // --- database
  dbName = `minhbach_bench_${randomBytes(5).toString('hex')}`;
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const benchUrl = withDatabase(BASE_URL, dbName);
  log(`\nCreated database ${dbName}`);
  for (const [k, v] of PG_SET) {
    await admin.unsafe(`ALTER DATABASE "${dbName}" SET ${k} = '${v}'`);
    log(`Experiment: ALTER DATABASE … SET ${k} = '${v}'`);
  }

  const orgDb = await openDatabase({ driver: 'postgres', url: benchUrl }, { poolSize: 2 });
  const ctx = { db: orgDb.db, now: () => new Date() };
  const submitters: { kind: SubmitterKind; name: string; auth: string }[] = [];
  for (const s of SUBMITTERS) {
    const { api_key } = await createOrganization(ctx, { kind: s.kind, name: s.name });
    submitters.push({ ...s, auth: `Bearer ${api_key}` });
  }
  for (const p of PLATFORM_ORGS) await createOrganization(ctx, { kind: 'platform', name: p.name, services: [p.platform] });
  await orgDb.close();
  log(
    `Created ${submitters.length} submitters (${[...new Set(SUBMITTERS.map((s) => s.kind))].join(', ')}) and platform organizations for ${PLATFORM_ORGS.map((p) => p.platform).join(', ')}`,
  );

  const byKind = new Map<SubmitterKind, typeof submitters>();
  for (const s of submitters) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  const pickSubmitter = (mix: [SubmitterKind, number][]) => rng.pick(byKind.get(rng.weighted(mix))!);

  // --- server
  const port = await freePort();
  const profDir = path.join(RESULTS, 'profiles');
  if (CPU_PROF) mkdirSync(profDir, { recursive: true });
  // The text linker runs as its own worker process in a PostgreSQL deployment; intake is measured alone.
  // Rate limits off: the benchmark is one key sending far more than a client may, on purpose.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: benchUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Background work runs in worker processes beside a busy API (MINHBACH_LINKER / MINHBACH_WORKER
    // off): this bench measures the API's intake path, and the outbox rows it writes.
    MINHBACH_LINKER: 'off',
    MINHBACH_WORKER: 'off',
    MINHBACH_RATE_LIMIT: 'off',
  };
  delete env.MINHBACH_DATA_DIR;
  if (POOL_SIZE !== null) env.DATABASE_POOL_SIZE = String(POOL_SIZE);
  const nodeArgs = [...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), '--import', 'tsx', 'src/main.ts'];
  server = spawn(process.execPath, nodeArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverOutput = '';
  const keep = (chunk: Buffer) => {
    serverOutput = (serverOutput + chunk.toString()).slice(-20_000);
  };
  server.stdout!.on('data', keep);
  server.stderr!.on('data', keep);
  server.once('exit', (code) => {
    if (!serverStopping) log(`\nThe server exited early (code ${code}). Its last output:\n${serverOutput}`);
  });
  const t0 = Date.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode}:\n${serverOutput}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - t0 > 30_000) throw new Error(`server did not answer /healthz within 30 s:\n${serverOutput}`);
    await sleep(200);
  }
  log(`Server pid ${server.pid} on 127.0.0.1:${port} (${nodeArgs.join(' ')}, pool ${POOL_SIZE ?? 'default (10)'}, LOG_LEVEL=warn), up in ${Date.now() - t0} ms`);

  mon = postgres(benchUrl, { max: 1, onnotice: () => {} });
  const pids = async (): Promise<PidGroups> => {
    const rows = await mon!<{ pid: number; backend_type: string; datname: string | null; mine: boolean }[]>`
      SELECT pid, backend_type, datname, pid = pg_backend_pid() AS mine FROM pg_stat_activity`;
    return {
      server: [server!.pid!],
      pgBackends: rows.filter((r) => r.datname === dbName && r.backend_type === 'client backend' && !r.mine).map((r) => r.pid),
      pgBackground: rows.filter((r) => r.backend_type !== 'client backend').map((r) => r.pid),
    };
  };
  /** Waits (at most 30 s) until the server has no statement running: abandoned requests finish. */
  const quiesce = async () => {
    let idle = 0;
    for (let i = 0; i < 150 && idle < 2; i++) {
      const n = (
        await mon!<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${dbName!} AND pid <> pg_backend_pid() AND state <> 'idle'`
      )[0]!.n;
      idle = n === 0 ? idle + 1 : 0;
      await sleep(200);
    }
  };
  const counts = async () => {
    const [c] = await mon!<{ notices: number; notice_items: number; cases: number; case_events: number; public_records: number }[]>`
      SELECT (SELECT count(*)::int FROM notices) AS notices, (SELECT count(*)::int FROM notice_items) AS notice_items,
             (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_events) AS case_events,
             (SELECT count(*)::int FROM public_records) AS public_records`;
    return c!;
  };
  const mixDelta = (before: MixStats): MixStats => {
    const m = factory.mix;
    return {
      notices: m.notices - before.notices,
      items: m.items - before.items,
      newItems: m.newItems - before.newItems,
      repeatItems: m.repeatItems - before.repeatItems,
      withText: m.withText - before.withText,
      corpusTexts: m.corpusTexts - before.corpusTexts,
      withLegalBasis: m.withLegalBasis - before.withLegalBasis,
      bodyBytes: 0,
      byPlatform: {
        facebook: m.byPlatform.facebook - before.byPlatform.facebook,
        youtube: m.byPlatform.youtube - before.byPlatform.youtube,
        tiktok: m.byPlatform.tiktok - before.byPlatform.tiktok,
        news: m.byPlatform.news - before.byPlatform.news,
      },
    };
  };
  const cloneMix = (): MixStats => ({ ...factory.mix, byPlatform: { ...factory.mix.byPlatform } });
  const cores = os.cpus().length;
  /**
   * Samples what the server's PostgreSQL sessions are doing every 50 ms (a sampling stand-in for
   * pg_stat_statements, which needs a server restart to load): which statement is running and on
   * what it waits, or whether the session is idle inside a transaction (waiting for the server's
   * JavaScript) or idle outside one (waiting for work).
   */
  const sampleActivity = () => {
    const tally = new Map<string, number>();
    let samples = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        const rows = await mon!<{ state: string | null; wait: string | null; query: string }[]>`
          SELECT state, wait_event_type || ':' || wait_event AS wait, left(query, 200) AS query
          FROM pg_stat_activity WHERE datname = ${dbName!} AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;
        samples += 1;
        for (const r of rows) {
          let k: string;
          if (r.state === 'active') k = `active | ${statementName(r.query)} | ${r.wait ?? 'CPU'}`;
          else if (r.state === 'idle in transaction') k = `idle in transaction | after ${statementName(r.query)}`;
          else k = r.state ?? 'unknown';
          tally.set(k, (tally.get(k) ?? 0) + 1);
        }
        await sleep(50);
      }
    })();
    return async (): Promise<ActivityReport> => {
      stop = true;
      await loop;
      const entries = [...tally].sort((a, b) => b[1] - a[1]);
      return {
        samples,
        sessions_avg: r2(entries.reduce((s, [, n]) => s + n, 0) / Math.max(1, samples)),
        by_state: entries.map(([k, n]) => ({ what: k, sessions_avg: r2(n / Math.max(1, samples)) })),
      };
    };
  };
  const measured = async <T>(fn: () => Promise<T>): Promise<Measured<T>> => {
    await quiesce();
    const before = await counts();
    const mix0 = cloneMix();
    const a = snapshot(await pids());
    const stopSampling = sampleActivity();
    const out = await fn();
    const activity = await stopSampling();
    const b = snapshot(await pids());
    await quiesce();
    const after = await counts();
    const rows = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    return { out, cpu: cpuBetween(a, b, cores), mix: mixDelta(mix0), rows, activity };
  };

  const single = () => {
    const s = pickSubmitter(MIX_SINGLE);
    return { body: factory.notice(s.kind), authorization: s.auth };
  };
  const batch = () => {
    const s = pickSubmitter(MIX_BATCH);
    return { body: factory.batch(s.kind, BATCH_SIZE), authorization: s.auth };
  };

  // --- warm-up (not measured): JIT, prepared statements, connection pool
  log('\nWarm-up: 400 single notices and 20 batches (not measured)');
  await runAutocannon({ port, path: '/api/v1/notices', seconds: 0, amount: 400, connections: 20, next: single });
  await runAutocannon({ port, path: '/api/v1/notices/batch', seconds: 0, amount: 20, connections: 2, next: batch, batch: true });

  // --- A: single notices at a fixed rate
  let A: Measured<AutocannonRun> | null = null;
  let aRate = NaN;
  let aNon2xx = 0;
  if (ONLY.has('single')) {
    log(`\nA  POST /api/v1/notices at ${A_RATE}/s, ${A_CONNECTIONS} connections, ${SECONDS} s (autocannon overallRate)`);
    A = await measured(() => runAutocannon({ port, path: '/api/v1/notices', seconds: SECONDS, connections: A_CONNECTIONS, overallRate: A_RATE, next: single }));
    aNon2xx =
      A.out.completed -
      Object.entries(A.out.status)
        .filter(([k]) => k.startsWith('2'))
        .reduce((s, [, v]) => s + v, 0);
    aRate = (A.out.status['201'] ?? 0) / A.out.seconds;
    log(
      `   ${r1(aRate)} notices/s accepted; latency ms p50 ${A.out.latency.p50} p90 ${A.out.latency.p90} p99 ${A.out.latency.p99} max ${A.out.latency.max}; non-2xx ${aNon2xx}, errors ${A.out.errors}`,
    );
    log(
      `   server's PostgreSQL sessions (average number in each state, of ${A.activity.sessions_avg}):\n${fmtActivity(A.activity, 6)
        .map((l) => `     ${l}`)
        .join('\n')}`,
    );
  }

  // --- A*: capacity for single notices, closed loop over the same 50 connections (what one of
  // autocannon's once-a-second bursts meets until the second's quota is sent)
  let K: Measured<AutocannonRun> | null = null;
  if (ONLY.has('single')) {
    log(`\nA* POST /api/v1/notices as fast as possible, ${A_CONNECTIONS} connections, ${SWEEP_SECONDS} s (capacity; closed loop)`);
    K = await measured(() => runAutocannon({ port, path: '/api/v1/notices', seconds: SWEEP_SECONDS, connections: A_CONNECTIONS, next: single }));
    log(
      `   ${r1((K.out.status['201'] ?? 0) / K.out.seconds)} notices/s; latency ms p50 ${K.out.latency.p50} p90 ${K.out.latency.p90} p99 ${K.out.latency.p99} max ${K.out.latency.max}`,
    );
  }

  // --- A': the same rate, evenly paced
  let P: Measured<PacedResult> | null = null;
  if (ONLY.has('single') && !SKIP_PACED) {
    log(`\nA' POST /api/v1/notices at ${A_RATE}/s evenly paced (open loop, latency from the due instant), ≤${A_CONNECTIONS} connections, ${SECONDS} s`);
    P = await measured(() =>
      paced({
        host: '127.0.0.1',
        port,
        path: '/api/v1/notices',
        rate: A_RATE,
        seconds: SECONDS,
        connections: A_CONNECTIONS,
        next: () => {
          const n = single();
          return { body: n.body, headers: { authorization: n.authorization } };
        },
      }),
    );
    const p = P.out;
    const lat = dist(p.latenciesMs);
    log(
      `   ${r1((p.status['201'] ?? 0) / p.elapsedS)} notices/s accepted; latency ms p50 ${lat.p50} p90 ${lat.p90} p99 ${lat.p99} max ${lat.max}; non-201 ${p.completed - (p.status['201'] ?? 0)}, errors ${p.errors}`,
    );
  }

  // --- B: batches at full speed
  const sweep: { connections: number; notices_per_s: number; requests_per_s: number; p50: number; p99: number; cpu: CpuReport }[] = [];
  let best = B_CONNECTIONS[0]!;
  let B: Measured<AutocannonRun> | null = null;
  let bRate = NaN;
  let bNon2xx = 0;
  let copy: Awaited<ReturnType<typeof copyBaseline>> | null = null;
  let copyNps = NaN;
  let ratio = NaN;
  if (ONLY.has('batch')) {
    if (B_CONNECTIONS.length > 1) {
      log(`\nB  sweep: POST /api/v1/notices/batch (${BATCH_SIZE} notices each), ${SWEEP_SECONDS} s per connection count`);
      for (const c of B_CONNECTIONS) {
        const s = await measured(() => runAutocannon({ port, path: '/api/v1/notices/batch', seconds: SWEEP_SECONDS, connections: c, next: batch, batch: true }));
        const nps = s.out.accepted / s.out.seconds;
        sweep.push({
          connections: c,
          notices_per_s: r1(nps),
          requests_per_s: r1((s.out.status['200'] ?? 0) / s.out.seconds),
          p50: s.out.latency.p50,
          p99: s.out.latency.p99,
          cpu: s.cpu,
        });
        log(`   ${c} connections: ${r1(nps)} notices/s, request p50 ${s.out.latency.p50} ms p99 ${s.out.latency.p99} ms`);
      }
      best = sweep.reduce((x, y) => (y.notices_per_s > x.notices_per_s ? y : x)).connections;
    }
    log(`\nB  POST /api/v1/notices/batch (${BATCH_SIZE} notices each), ${best} connections, ${SECONDS} s, full speed`);
    await quiesce();
    await sleep(1100); // notices of the sweep are older than the window below
    const bFrom = new Date();
    B = await measured(() => runAutocannon({ port, path: '/api/v1/notices/batch', seconds: SECONDS, connections: best, next: batch, batch: true }));
    const bTo = new Date(Date.now() + 1000);
    bRate = B.out.accepted / B.out.seconds;
    bNon2xx = B.out.completed - (B.out.status['200'] ?? 0);
    log(
      `   ${r1(bRate)} notices/s accepted (${B.out.accepted} accepted, ${B.out.repeats} repeats, ${B.out.rejected} rejected; ${B.rows.notices} rows in notices); ` +
        `request p50 ${B.out.latency.p50} ms p99 ${B.out.latency.p99} ms; non-2xx ${bNon2xx}, errors ${B.out.errors}`,
    );
    log(
      `   server's PostgreSQL sessions (average number in each state, of ${B.activity.sessions_avg}):\n${fmtActivity(B.activity, 8)
        .map((l) => `     ${l}`)
        .join('\n')}`,
    );

    // --- C: raw COPY of the same rows
    log(`\nC  raw COPY FROM STDIN of the rows B wrote, into scratch tables (LIKE … INCLUDING ALL: same indexes, no foreign keys)`);
    copy = await copyBaseline(mon, benchUrl, bFrom, bTo);
    copyNps = copy.notices / copy.seconds;
    ratio = bRate / copyNps;
    log(
      `   ${copy.rows} rows (${copy.notices} notices with their items, cases, events, public records; ${r1(copy.bytes / 2 ** 20)} MiB) in ${r2(copy.seconds)} s: ` +
        `${Math.round(copy.rows / copy.seconds)} rows/s = ${Math.round(copyNps)} notices/s; notices table alone ${Math.round(copy.tables.notices!.rows_per_s)} rows/s`,
    );
  }

  await quiesce();
  const finalCounts = await counts();
  const serverExit = await stopServer();

  // --- report
  const pLat = P ? dist(P.out.latenciesMs) : null;
  const pSvc = P ? dist(P.out.serviceMs) : null;
  const pRate = P ? (P.out.status['201'] ?? 0) / P.out.elapsedS : null;
  const goals: { goal: string; actual: string; pass: boolean; shortfall: string | null }[] = [];
  if (A) {
    const aLat = A.out.latency;
    const failed = aNon2xx + A.out.errors;
    const aPass = aLat.p99 <= GOAL_A_P99_MS && aRate >= A_RATE * 0.95 && failed === 0;
    goals.push({
      goal: `A: p99 ≤ ${GOAL_A_P99_MS} ms at ${A_RATE} notices/s (autocannon), no errors`,
      actual: `p99 ${aLat.p99} ms at ${r1(aRate)}/s, ${failed} failed`,
      pass: aPass,
      shortfall: aPass
        ? null
        : [
            aLat.p99 > GOAL_A_P99_MS ? `p99 ${r1(aLat.p99 - GOAL_A_P99_MS)} ms over (${r2(aLat.p99 / GOAL_A_P99_MS)}× the goal)` : null,
            aRate < A_RATE * 0.95 ? `rate ${r1(A_RATE - aRate)}/s short` : null,
            failed > 0 ? `${failed} failed requests` : null,
          ]
            .filter(Boolean)
            .join('; '),
    });
  }
  if (P && pLat) {
    const failed = P.out.completed - (P.out.status['201'] ?? 0) + P.out.errors + P.out.timeouts + P.out.unsent;
    const pass = pLat.p99 <= GOAL_A_P99_MS && failed === 0;
    goals.push({
      goal: `A' (supplementary): p99 ≤ ${GOAL_A_P99_MS} ms at ${A_RATE} notices/s evenly paced`,
      actual: `p99 ${pLat.p99} ms at ${r1(pRate!)}/s, ${failed} failed`,
      pass,
      shortfall: pass ? null : pLat.p99 > GOAL_A_P99_MS ? `p99 ${r1(pLat.p99 - GOAL_A_P99_MS)} ms over (${r2(pLat.p99 / GOAL_A_P99_MS)}× the goal)` : `${failed} failed requests`,
    });
  }
  if (B) {
    const bPass = bRate >= GOAL_B_NOTICES_PER_S && bNon2xx === 0 && B.out.errors === 0;
    goals.push({
      goal: `B: ≥ ${GOAL_B_NOTICES_PER_S.toLocaleString('en')} notices/s through /notices/batch`,
      actual: `${Math.round(bRate)} notices/s`,
      pass: bPass,
      shortfall: bPass
        ? null
        : `${Math.round(GOAL_B_NOTICES_PER_S - bRate)} notices/s short (${r1((bRate / GOAL_B_NOTICES_PER_S) * 100)}% of the goal; needs ${r1(GOAL_B_NOTICES_PER_S / bRate)}×)`,
    });
  }

  const rows: (string | number)[][] = [];
  if (A) {
    const l = A.out.latency;
    rows.push(['A  single, autocannon 500/s', `${r1(aRate)} notices/s`, l.p50, l.p90, l.p99, l.max, `${aNon2xx} / ${A.out.errors}`, fmtCpu(A.cpu)]);
  }
  if (K) {
    const l = K.out.latency;
    const non2xx = K.out.completed - (K.out.status['201'] ?? 0);
    rows.push([
      `A* single, capacity ${A_CONNECTIONS} conn`,
      `${r1((K.out.status['201'] ?? 0) / K.out.seconds)} notices/s`,
      l.p50,
      l.p90,
      l.p99,
      l.max,
      `${non2xx} / ${K.out.errors}`,
      fmtCpu(K.cpu),
    ]);
  }
  if (P && pLat)
    rows.push([
      "A' single, paced 500/s",
      `${r1(pRate!)} notices/s`,
      pLat.p50,
      pLat.p90,
      pLat.p99,
      pLat.max,
      `${P.out.completed - (P.out.status['201'] ?? 0)} / ${P.out.errors + P.out.timeouts}`,
      fmtCpu(P.cpu),
    ]);
  for (const s of sweep) rows.push([`B  sweep, ${s.connections} conn`, `${s.notices_per_s} notices/s`, s.p50, '', s.p99, '', '', fmtCpu(s.cpu)]);
  if (B)
    rows.push([
      `B  batch ×${BATCH_SIZE}, ${best} conn`,
      `${Math.round(bRate)} notices/s`,
      B.out.latency.p50,
      B.out.latency.p90,
      B.out.latency.p99,
      B.out.latency.max,
      `${bNon2xx} / ${B.out.errors}`,
      fmtCpu(B.cpu),
    ]);
  if (copy) rows.push(['C  raw COPY, same rows', `${Math.round(copyNps)} notices/s`, '', '', '', '', '', `${Math.round(copy.rows / copy.seconds)} rows/s`]);
  const resultTable = table(['scenario', 'throughput', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx / errors', 'CPU cores: server / pg / loadgen / machine'], rows);

  const disturbed = [A && ['A', A.cpu], K && ['A*', K.cpu], P && ["A'", P.cpu], ...sweep.map((x) => [`B sweep ${x.connections}`, x.cpu]), B && ['B', B.cpu]]
    .filter((x): x is [string, CpuReport] => !!x && (x[1] as CpuReport).other_cores !== null && (x[1] as CpuReport).other_cores! > 0.2)
    .map(([n, c]) => `${n} (${c.other_cores!.toFixed(2)} cores)`);
  const disturbance = disturbed.length ? `WARNING: other programs used CPU during ${disturbed.join(', ')}; those numbers are pessimistic, rerun on a quiet machine.` : null;

  log('\nResults');
  log(resultTable);
  if (disturbance) log(disturbance);
  if (copy) log(`\nIntake (B) reaches ${r1(ratio * 100)}% of raw COPY's notices/s (${r2(ratio)}×).`);
  for (const g of goals) log(`${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.actual}${g.shortfall ? ` — ${g.shortfall}` : ''}`);

  const mixOf = (m: MixStats) => ({
    notices: m.notices,
    items_per_notice: r2(m.items / Math.max(1, m.notices)),
    repeat_item_share: r2(m.repeatItems / Math.max(1, m.items)),
    items_with_text_share: r2(m.withText / Math.max(1, m.items)),
    corpus_text_share: r2(m.corpusTexts / Math.max(1, m.items)),
    with_legal_basis_share: r2(m.withLegalBasis / Math.max(1, m.notices)),
    platforms: m.byPlatform,
  });
  const result = {
    date: startedAt.toISOString(),
    finished: new Date().toISOString(),
    machine,
    code: git,
    config: {
      seconds: SECONDS,
      seed: SEED,
      scenarios: [...ONLY],
      database: `${dbName} on ${new URL(BASE_URL).host} (created for this run, dropped after)`,
      server: `node ${nodeArgs.join(' ')} (child process, LOG_LEVEL=warn)`,
      server_pool_size: POOL_SIZE ?? 10,
      database_settings: Object.fromEntries(PG_SET),
      single: { rate: A_RATE, connections: A_CONNECTIONS, generator: 'autocannon 8 overallRate' },
      batch: { size: BATCH_SIZE, connections_tried: B_CONNECTIONS, connections_used: best, sweep_seconds: SWEEP_SECONDS },
      submitters: SUBMITTERS.map((s) => s.kind),
      platform_orgs: PLATFORM_ORGS.map((p) => p.platform),
      mix_single: MIX_SINGLE,
      mix_batch: MIX_BATCH,
      target_repeat_share: REPEAT_SHARE,
    },
    corpus: { used: corpus.used, dir: CORPUS_DIR, documents: corpus.files, snippets: corpus.snippets.length, news_domains: corpus.domains.length },
    url_variant_check: check,
    scenarios: {
      single_autocannon: A
        ? {
            seconds: r2(A.out.seconds),
            completed: A.out.completed,
            status: A.out.status,
            errors: A.out.errors,
            timeouts: A.out.timeouts,
            non_2xx: aNon2xx,
            notices_per_s: r1(aRate),
            latency_ms: A.out.latency,
            rows_written: A.rows,
            mix: mixOf(A.mix),
            cpu_cores: A.cpu,
            pg_activity: A.activity,
          }
        : null,
      single_capacity: K
        ? {
            connections: A_CONNECTIONS,
            seconds: r2(K.out.seconds),
            completed: K.out.completed,
            status: K.out.status,
            errors: K.out.errors,
            notices_per_s: r1((K.out.status['201'] ?? 0) / K.out.seconds),
            latency_ms: K.out.latency,
            cpu_cores: K.cpu,
            pg_activity: K.activity,
          }
        : null,
      single_paced: P
        ? {
            seconds: r2(P.out.elapsedS),
            sent: P.out.sent,
            unsent: P.out.unsent,
            completed: P.out.completed,
            status: P.out.status,
            errors: P.out.errors,
            timeouts: P.out.timeouts,
            notices_per_s: r1(pRate!),
            latency_ms_from_due: pLat,
            latency_ms_from_send: pSvc,
            rows_written: P.rows,
            mix: mixOf(P.mix),
            cpu_cores: P.cpu,
            pg_activity: P.activity,
          }
        : null,
      batch_sweep: sweep,
      batch: B
        ? {
            connections: best,
            seconds: r2(B.out.seconds),
            requests: B.out.completed,
            status: B.out.status,
            errors: B.out.errors,
            timeouts: B.out.timeouts,
            non_2xx: bNon2xx,
            accepted: B.out.accepted,
            repeats: B.out.repeats,
            rejected: B.out.rejected,
            notices_per_s: r1(bRate),
            request_latency_ms: B.out.latency,
            rows_written: B.rows,
            mix: mixOf(B.mix),
            cpu_cores: B.cpu,
            pg_activity: B.activity,
          }
        : null,
      copy_baseline: copy ? { ...copy, notices_per_s: Math.round(copyNps), rows_per_s: Math.round(copy.rows / copy.seconds) } : null,
    },
    intake_vs_copy: copy ? r2(ratio) : null,
    disturbance,
    final_row_counts: finalCounts,
    goals,
    server_exit_code: serverExit,
    cpu_profile_dir: CPU_PROF ? path.relative(ROOT, profDir) : null,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'intake.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(RESULTS, 'intake.md'), markdown(result, resultTable, pLat, pSvc));
  log(`\nWrote ${path.relative(ROOT, path.join(RESULTS, 'intake.json'))} and ${path.relative(ROOT, path.join(RESULTS, 'intake.md'))}`);
  await cleanup();
  clearTimeout(watchdog);
}

function fmtActivity(a: ActivityReport, top = 8): string[] {
  return a.by_state.slice(0, top).map((x) => `${x.sessions_avg.toFixed(2).padStart(6)}  ${x.what}`);
}

function fmtCpu(c: CpuReport): string {
  const f = (x: number | null) => (x === null ? '?' : x.toFixed(2));
  return `${f(c.server_cores)} / ${f((c.pg_backends_cores ?? 0) + (c.pg_background_cores ?? 0))} / ${f(c.load_generator_cores)} / ${f(c.machine_busy_cores)}`;
}

// ---------------------------------------------------------------------------------------------
// C: raw COPY

interface CopyTable {
  rows: number;
  bytes: number;
  seconds: number;
  rows_per_s: number;
}

async function copyBaseline(sql: postgres.Sql, url: string, from: Date, to: Date) {
  const f = `'${from.toISOString()}'::timestamptz`;
  const t = `'${to.toISOString()}'::timestamptz`;
  const inWindow = `SELECT id FROM notices WHERE created_at >= ${f} AND created_at < ${t}`;
  const sources: [string, string][] = [
    ['notices', `SELECT * FROM notices WHERE created_at >= ${f} AND created_at < ${t}`],
    ['notice_items', `SELECT * FROM notice_items WHERE notice_id IN (${inWindow})`],
    ['cases', `SELECT * FROM cases WHERE created_at >= ${f} AND created_at < ${t}`],
    ['case_events', `SELECT * FROM case_events WHERE at >= ${f} AND at < ${t}`],
    ['public_records', `SELECT * FROM public_records WHERE published_at >= ${f} AND published_at < ${t}`],
  ];
  // Export (not timed) in COPY text format, exactly as the rows are stored.
  const data: { table: string; chunks: Buffer[]; bytes: number; rows: number }[] = [];
  for (const [table, query] of sources) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let rows = 0;
    debug(`export ${table}`);
    await sql.unsafe(`CREATE TABLE bench_copy_${table} (LIKE ${table} INCLUDING ALL)`);
    // A connection of its own, closed right after: postgres-js 3.4 can leave a connection's socket
    // paused after a COPY TO STDOUT stream (porsager/postgres#499, #917), hanging its next query.
    const exporter = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const readable = await exporter.unsafe(`COPY (${query}) TO STDOUT`).readable();
      for await (const chunk of readable as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows += 1;
      }
    } finally {
      await exporter.end({ timeout: 0 });
    }
    data.push({ table, chunks, bytes, rows });
  }
  // Timed: one COPY per table, one after the other, on one connection.
  const tables: Record<string, CopyTable> = {};
  const start = performance.now();
  for (const d of data) {
    const t0 = performance.now();
    debug(`copy ${d.table}: ${d.rows} rows`);
    const writable = await sql.unsafe(`COPY bench_copy_${d.table} FROM STDIN`).writable();
    await pipeline(Readable.from(d.chunks), writable);
    const s = (performance.now() - t0) / 1000;
    tables[d.table] = { rows: d.rows, bytes: d.bytes, seconds: r2(s), rows_per_s: Math.round(d.rows / s) };
  }
  const seconds = (performance.now() - start) / 1000;
  const notices = data.find((d) => d.table === 'notices')!.rows;
  const n = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM bench_copy_notices`)[0]!.n;
  if (n !== notices) throw new Error(`COPY baseline: expected ${notices} rows in bench_copy_notices, found ${n}`);
  for (const d of data) await sql.unsafe(`DROP TABLE bench_copy_${d.table}`);
  return {
    notices,
    rows: data.reduce((s, d) => s + d.rows, 0),
    bytes: data.reduce((s, d) => s + d.bytes, 0),
    seconds: r2(seconds),
    tables,
    note: 'COPY FROM STDIN (text format) of the rows /notices/batch wrote during B, one table after the other on one connection, into LIKE … INCLUDING ALL copies (same indexes and checks, no foreign keys)',
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown

function markdown(r: any, resultTable: string, pLat: Dist | null, pSvc: Dist | null): string {
  const m = r.machine;
  const A = r.scenarios.single_autocannon;
  const B = r.scenarios.batch;
  const C = r.scenarios.copy_baseline;
  const mix = B?.mix ?? A?.mix;
  const lines = [
    '# Notice intake benchmark (PostgreSQL)',
    '',
    `Run ${r.date} by \`npm run bench:intake\` (BENCH_SECONDS=${r.config.seconds}${r.config.scenarios.length < 2 ? `, BENCH_ONLY=${r.config.scenarios.join(',')}` : ''})` +
      (r.code ? ` on commit ${r.code.commit} ("${r.code.subject}")${r.code.src_modified ? ` with ${r.code.src_modified} uncommitted file(s) under src/` : ''}.` : '.'),
    '',
    '## Machine',
    '',
    `- ${m.cpu_model} × ${m.cpu_count}, ${m.total_memory_gib} GiB, ${m.os}`,
    `- Node ${m.node}; ${m.postgres}`,
    `- PostgreSQL settings: ${Object.entries(m.postgres_settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
    `- Load generator, server (child process, pool ${r.config.server_pool_size}) and PostgreSQL share the same ${m.cpu_count} CPUs.`,
    ...(Object.keys(r.config.database_settings).length ? [`- **Experiment**: database settings ${JSON.stringify(r.config.database_settings)} (not the defaults).`] : []),
    ...(r.config.target_repeat_share !== 0.3 ? [`- **Experiment**: ${Math.round(r.config.target_repeat_share * 100)}% of items repeat earlier content (default 30%).`] : []),
    '',
    '## Traffic',
    '',
    `- Submitters: ${Object.entries(r.config.submitters.reduce((c: Record<string, number>, k: string) => ({ ...c, [k]: (c[k] ?? 0) + 1 }), {}))
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )}; platform organizations for ${r.config.platform_orgs.join(' and ')}. Single notices: ${r.config.mix_single.map(([k, w]: [string, number]) => `${k} ${w}%`).join(', ')}; batches: ${r.config.mix_batch.map(([k, w]: [string, number]) => `${k} ${w}%`).join(', ')}.`,
    `- Vietnamese explanations from 23 hand-written themes (scams, impersonation, fake news, health misinformation, copyright, trademarks, defamation, hate speech, privacy, minors, gambling, wildlife…) with per-notice details; authorities always give a legal basis.`,
    `- Content copies: ${r.corpus.used ? `snippets of the VFND corpus (${r.corpus.documents} documents from ${r.corpus.dir}) for ~40% of items, theme texts for ~30%, none for ~30%` : 'hand-written theme texts (corpus not found)'}.`,
    mix
      ? `- URLs on facebook, youtube, tiktok and Vietnamese news sites: ${mix.items_per_notice} items per notice, ${Math.round(mix.repeat_item_share * 100)}% of items repeat earlier content through a URL variant (m./web./vi-vn. hosts, youtu.be, shorts, fbclid/utm/zarsrc, http, fragments); ${r.url_variant_check.joined}/${r.url_variant_check.checked} variants checked to map to the content they repeat.`
      : '',
    '',
    '## Results',
    '',
    resultTable,
    '',
    `CPU cores are averages over the run (server process / PostgreSQL backends of this database plus background processes / load generator / whole machine, out of ${m.cpu_count}).`,
    ...(r.disturbance ? ['', `**${r.disturbance}**`] : []),
    '',
    ...(A
      ? [`- A: ${A.completed} requests answered, status ${JSON.stringify(A.status)}, ${A.errors} errors, ${A.timeouts} timeouts. Rows written: ${JSON.stringify(A.rows_written)}.`]
      : []),
    ...(r.scenarios.single_capacity
      ? [
          `- A*: the same requests as fast as ${r.scenarios.single_capacity.connections} connections allow: ${r.scenarios.single_capacity.notices_per_s} notices/s at p50 ${r.scenarios.single_capacity.latency_ms.p50} ms. Each of autocannon's once-a-second bursts in A meets this closed-loop latency until the second's 500 requests are sent, so A's percentiles sit near those of A*, not near those of A'.`,
        ]
      : []),
    ...(pLat
      ? [`- A': latency from the instant each request was due p50 ${pLat.p50} / p99 ${pLat.p99} ms; from the instant it was written p50 ${pSvc!.p50} / p99 ${pSvc!.p99} ms.`]
      : []),
    ...(B
      ? [`- B: ${B.requests} requests of 100 notices, ${B.accepted} accepted, ${B.repeats} repeats, ${B.rejected} rejected; rows written: ${JSON.stringify(B.rows_written)}.`]
      : []),
    ...(C
      ? [
          `- C: ${C.rows} rows (${C.notices} notices and the rows intake wrote with them: items, new cases, case events if any, public records), ${Math.round(C.bytes / 2 ** 20)} MiB in ${C.seconds} s. Per table: ${Object.entries(
            C.tables,
          )
            .map(([k, v]: [string, any]) => `${k} ${v.rows} rows in ${v.seconds} s (${v.rows_per_s}/s)`)
            .join('; ')}. ${C.note}.`,
          `- Intake through /notices/batch reaches **${Math.round(r.intake_vs_copy * 100)}%** of raw COPY's notices/s.`,
        ]
      : []),
    '',
    ...(A || B
      ? [
          "## Where the server's PostgreSQL sessions are",
          '',
          'Sampled from pg_stat_activity every 50 ms: average number of the server\'s sessions in each state (statement and wait event when active; "idle in transaction" = a transaction is open and PostgreSQL waits for the server\'s next statement).',
          '',
          ...(A ? [`A (of ${A.pg_activity.sessions_avg} sessions):`, '', '```', ...fmtActivity(A.pg_activity, 10), '```', ''] : []),
          ...(B ? [`B (of ${B.pg_activity.sessions_avg} sessions):`, '', '```', ...fmtActivity(B.pg_activity, 10), '```', ''] : []),
        ]
      : []),
    '## Goals',
    '',
    '| goal | actual | result | short by |',
    '|---|---|---|---|',
    ...r.goals.map((g: any) => `| ${g.goal} | ${g.actual} | ${g.pass ? 'PASS' : 'FAIL'} | ${g.shortfall ?? '—'} |`),
    '',
    'Where the time goes: `BENCH_CPU_PROF=1 npm run bench:intake` writes V8 CPU profiles of the server to bench/results/profiles/ (summarize with `npx tsx bench/intake/cpuprofile-summary.ts <file>`); `npx tsx bench/intake/profile-sql.ts` times each intake statement from the client and with EXPLAIN ANALYZE.',
    '',
    "Method notes: autocannon's `overallRate` gives each connection its share of the second (here 10 requests) and lets it send them back to back at the start of each second, so A is a burst of up to 50 concurrent requests every second; A' sends the same rate evenly spaced and counts waiting for a connection in the latency. Latencies are recorded per response (autocannon's own coordinated-omission correction is off: with a per-connection rate it assumes a 1 ms interval and adds invented samples). B's throughput counts notices the server reported as accepted within the run, divided by the run's duration.",
    '',
  ];
  return lines.join('\n');
}

main().catch(async (e: unknown) => {
  log(`\nBenchmark failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  await cleanup();
  process.exit(1);
});
