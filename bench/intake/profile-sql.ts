/**
 * Where a notice's time goes inside intake, statement by statement (`npx tsx bench/intake/profile-sql.ts`).
 *
 * pg_stat_statements needs a PostgreSQL restart to load, so this measures from both ends instead,
 * on a fresh database `minhbach_bench_<random>` (dropped at the end), with the same traffic as
 * `npm run bench:intake`, calling the intake use case in-process (no HTTP), one batch at a time
 * (so no lock waits):
 *   1. client side: wall time of each statement (send → rows), the JavaScript time between
 *      statements while the transaction is open, BEGIN and COMMIT;
 *   2. server side: EXPLAIN (ANALYZE, BUFFERS, WAL) of each statement of sample batches, replayed
 *      in a transaction that is rolled back: execution time, foreign-key trigger time, WAL bytes.
 *
 * Environment: BENCH_DATABASE_URL, PROFILE_BATCHES (default 150 batches of 100 notices, after a
 * 30-batch warm-up), PROFILE_SINGLES (default 1,000 single notices), PROFILE_EXPLAIN (default 5
 * sample batches). Every loop is bounded; the script stops by itself.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { Actor, OrgKind } from '../../src/core/organization.ts';
import type { Db } from '../../src/db/db.ts';
import { openDatabase } from '../../src/db/open.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { NoticeInput } from '../../src/http/routes/notice.schemas.ts';
import { compileValidator } from '../../src/http/validate.ts';
import { submitNotice, submitNoticeBatch } from '../../src/services/intake.service.ts';
import { createOrganization } from '../../src/services/organization.service.ts';
import { loadCorpus, NoticeFactory, Rng, UrlFactory, type SubmitterKind } from './data.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const BATCHES = Number(process.env.PROFILE_BATCHES ?? 150);
const SINGLES = Number(process.env.PROFILE_SINGLES ?? 1000);
const EXPLAINS = Number(process.env.PROFILE_EXPLAIN ?? 5);
const WARMUP = 30;
const checkNotice = compileValidator(NoticeInput);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const budget = setTimeout(() => {
  console.error('profile-sql went over its 10-minute budget: stopping');
  void cleanup().finally(() => process.exit(1));
}, 600_000);
budget.unref();

let admin: postgres.Sql | null = null;
let dbName: string | null = null;
let closeDb: (() => Promise<void>) | null = null;
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await closeDb?.().catch(() => {});
    if (admin && dbName) {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e) => console.error(`could not drop ${dbName}: ${e}`));
      console.log(`dropped database ${dbName}`);
    }
    await admin?.end({ timeout: 2 }).catch(() => {});
  })();
  return cleaning;
}

/** "INSERT INTO notices", "SELECT … FROM organizations"… */
function name(text: string): string {
  const q = text.replace(/\s+/g, ' ').trim();
  const w = /^(INSERT INTO \w+|UPDATE \w+|DELETE FROM \w+)/i.exec(q);
  if (w) return w[1]!;
  const r = /^SELECT .*? FROM (\w+)/i.exec(q);
  return r ? `SELECT … FROM ${r[1]}` : q.slice(0, 40);
}

// ---------------------------------------------------------------------------------------------
// A Db that times what goes through it

interface Timings {
  statements: Map<string, { n: number; ms: number }>;
  /** Time with at least one statement in flight (statements sent together counted once). */
  dbMs: number;
  /** Transaction open → first statement sent, gaps between statements, last result → fn returns. */
  jsInTxMs: number;
  /** fn returned → transaction() resolved: COMMIT round trip (and its WAL flush). */
  commitMs: number;
  /** transaction() called → fn starts: BEGIN round trip (and waiting for a pool connection). */
  beginMs: number;
  txMs: number;
  transactions: number;
}

function newTimings(): Timings {
  return { statements: new Map(), dbMs: 0, jsInTxMs: 0, commitMs: 0, beginMs: 0, txMs: 0, transactions: 0 };
}

function timed(inner: Db, t: Timings, record?: { text: string; params: readonly unknown[] }[]): Db {
  let inflight = 0;
  let idleSince = 0;
  let busySince = 0;
  const wrap = (db: Db, inTx: boolean): Db => ({
    driver: db.driver,
    async query<T>(text: string, params: readonly unknown[] = []) {
      if (inTx && inflight === 0) t.jsInTxMs += performance.now() - idleSince;
      if (inflight === 0) busySince = performance.now();
      inflight += 1;
      record?.push({ text, params });
      const t0 = performance.now();
      try {
        return await db.query<T>(text, params);
      } finally {
        const s = t.statements.get(name(text)) ?? { n: 0, ms: 0 };
        s.n += 1;
        s.ms += performance.now() - t0;
        t.statements.set(name(text), s);
        inflight -= 1;
        if (inflight === 0) {
          idleSince = performance.now();
          t.dbMs += idleSince - busySince;
        }
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (inTx) return fn(wrap(db, true));
      const t0 = performance.now();
      let returned = 0;
      const out = await db.transaction(async (tx) => {
        t.beginMs += performance.now() - t0;
        idleSince = performance.now();
        const r = await fn(wrap(tx, true));
        returned = performance.now();
        t.jsInTxMs += returned - idleSince;
        return r;
      });
      t.commitMs += performance.now() - returned;
      t.txMs += performance.now() - t0;
      t.transactions += 1;
      return out;
    },
    exec: (text) => db.exec(text),
    close: () => db.close(),
  });
  return wrap(inner, false);
}

class Rollback extends Error {}

// ---------------------------------------------------------------------------------------------

/** Self time of each plan node (its time minus its children's), keyed by what the node does. */
function nodeSelfTimes(node: any, out: Map<string, number>, label = '') {
  const total = (n: any) => (n['Actual Total Time'] ?? 0) * (n['Actual Loops'] ?? 1);
  const children: any[] = node.Plans ?? [];
  const self = total(node) - children.reduce((s, c) => s + total(c), 0);
  const what =
    `${node['Node Type']}${node.Operation && node['Node Type'] === 'ModifyTable' ? ` ${node.Operation}` : ''}` +
    `${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['CTE Name'] ? ` on CTE ${node['CTE Name']}` : ''}` +
    `${node['Function Name'] ? ` ${node['Function Name']}()` : ''}${node['Subplan Name'] ? ` [${node['Subplan Name']}]` : label}`;
  out.set(what, (out.get(what) ?? 0) + Math.max(0, self));
  for (const c of children) nodeSelfTimes(c, out, c['Subplan Name'] ? '' : label || (node['Subplan Name'] ? ` (in ${node['Subplan Name']})` : ''));
}

interface Explained {
  nodes: Map<string, number>;
  n: number;
  execMs: number;
  planMs: number;
  triggerMs: number;
  triggers: Map<string, number>;
  walBytes: number;
  rows: number;
}

function collectPlan(plan: any, e: Explained) {
  e.n += 1;
  nodeSelfTimes(plan.Plan, e.nodes);
  e.execMs += plan['Execution Time'] ?? 0;
  e.planMs += plan['Planning Time'] ?? 0;
  for (const tr of plan.Triggers ?? []) {
    const k = `${tr['Trigger Name'].startsWith('RI_ConstraintTrigger') ? 'FK check' : tr['Trigger Name']} on ${tr.Relation}`;
    e.triggers.set(k, (e.triggers.get(k) ?? 0) + tr.Time);
    e.triggerMs += tr.Time;
  }
  const walOf = (node: any): number => node['WAL Bytes'] ?? 0;
  e.walBytes += walOf(plan.Plan);
  e.rows += plan.Plan['Actual Rows'] ?? 0;
}

async function main() {
  admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  dbName = `minhbach_bench_${randomBytes(5).toString('hex')}`;
  await admin.unsafe(`CREATE DATABASE "${dbName}"`);
  const u = new URL(BASE_URL);
  u.pathname = `/${dbName}`;
  const database = await openDatabase({ driver: 'postgres', url: u.toString() }, { poolSize: 2 });
  closeDb = () => database.close();
  console.log(`profile-sql on ${dbName} (${(await admin<{ v: string }[]>`SELECT version() AS v`)[0]!.v.split(' on ')[0]})`);

  const base = database.db;
  const ctx = { db: base, now: () => new Date() };
  const actors = new Map<SubmitterKind, Actor>();
  for (const [kind, nameOf] of [
    ['authority', 'Cục Phát thanh, truyền hình và thông tin điện tử'],
    ['trusted_flagger', 'Trung tâm Xử lý tin giả Việt Nam'],
    ['rights_holder', 'Công ty Cổ phần Bản quyền Số Việt'],
    ['public_reporter', 'Cổng tiếp nhận phản ánh của người dân'],
  ] as [SubmitterKind, string][]) {
    const { org_id } = await createOrganization(ctx, { kind, name: nameOf });
    actors.set(kind, { orgId: org_id, kind: kind as OrgKind, name: nameOf, services: [], personId: null, keyId: null, role: null });
  }
  await createOrganization(ctx, { kind: 'platform', name: 'Meta Platforms (Facebook)', services: ['facebook'] });
  await createOrganization(ctx, { kind: 'platform', name: 'Google LLC (YouTube)', services: ['youtube'] });

  const rng = new Rng(7);
  const corpus = loadCorpus(path.resolve(ROOT, '../shared/corpus/vfnd'), rng);
  const factory = new NoticeFactory(rng, new UrlFactory(rng, corpus), corpus);
  const MIX: [SubmitterKind, number][] = [
    ['authority', 25],
    ['trusted_flagger', 40],
    ['rights_holder', 10],
    ['public_reporter', 25],
  ];
  const nextBatch = () => {
    const kind = rng.weighted(MIX);
    const body = JSON.parse(factory.batch(kind, 100)) as { notices: unknown[] };
    return { actor: actors.get(kind)!, items: body.notices.map(checkNotice) };
  };

  // 1. Client side, batches
  for (let i = 0; i < WARMUP; i++) {
    const b = nextBatch();
    await submitNoticeBatch(ctx, b.actor, b.items);
  }
  const tb = newTimings();
  const tctx = { db: timed(base, tb), now: () => new Date() };
  let accepted = 0;
  let inUseCase = 0;
  const t0 = performance.now();
  for (let i = 0; i < BATCHES; i++) {
    const b = nextBatch();
    const s = performance.now();
    const out = await submitNoticeBatch(tctx, b.actor, b.items);
    inUseCase += performance.now() - s;
    accepted += out.body.accepted;
  }
  const wall = performance.now() - t0;
  console.log(`\n1. Client side: ${BATCHES} batches of 100 (${accepted} notices accepted) one at a time, in-process, no HTTP: ${Math.round(accepted / (wall / 1000))} notices/s`);
  report(tb, inUseCase, BATCHES, 'batch');

  // 1b. Client side, single notices
  const ts = newTimings();
  const sctx = { db: timed(base, ts), now: () => new Date() };
  let inUseCaseS = 0;
  const s0 = performance.now();
  for (let i = 0; i < SINGLES; i++) {
    const kind = rng.weighted(MIX);
    const parsed = checkNotice(JSON.parse(factory.notice(kind)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const s = performance.now();
    await submitNotice(sctx, actors.get(kind)!, parsed.input);
    inUseCaseS += performance.now() - s;
  }
  const wallS = performance.now() - s0;
  console.log(`\n1b. Client side: ${SINGLES} single notices one at a time, in-process: ${Math.round(SINGLES / (wallS / 1000))} notices/s`);
  report(ts, inUseCaseS, SINGLES, 'notice');

  // 2. Server side: EXPLAIN ANALYZE of each statement of sample batches and single notices.
  const explain = async (label: string, samples: number, perSample: number, unit: string, run: (db: Db) => Promise<unknown>) => {
    const explained = new Map<string, Explained>();
    for (let i = 0; i < samples; i++) {
      // Run the use case once inside a transaction that is rolled back, recording its statements
      // (whether it opens a transaction of its own or writes in autocommit statements).
      const rec: { text: string; params: readonly unknown[] }[] = [];
      try {
        await base.transaction(async (tx) => {
          const recDb: Db = {
            driver: tx.driver,
            query: <T>(text: string, params: readonly unknown[] = []) => {
              rec.push({ text, params });
              return tx.query<T>(text, params);
            },
            transaction: <T>(fn: (inner: Db) => Promise<T>) => fn(recDb),
            exec: (text) => tx.exec(text),
            close: async () => {},
          };
          await run(recDb).catch(() => undefined);
          throw new Rollback();
        });
      } catch (e) {
        if (!(e instanceof Rollback)) throw e;
      }
      try {
        await base.transaction(async (tx) => {
          for (const st of rec) {
            const rows = await tx.query<{ 'QUERY PLAN': any }>(`EXPLAIN (ANALYZE, BUFFERS, WAL, FORMAT JSON) ${st.text}`, st.params);
            const plan = rows[0]!['QUERY PLAN'];
            const p = (typeof plan === 'string' ? JSON.parse(plan) : plan)[0];
            const k = name(st.text);
            const e = explained.get(k) ?? { nodes: new Map(), n: 0, execMs: 0, planMs: 0, triggerMs: 0, triggers: new Map(), walBytes: 0, rows: 0 };
            collectPlan(p, e);
            explained.set(k, e);
          }
          throw new Rollback();
        });
      } catch (e) {
        if (!(e instanceof Rollback)) throw e;
      }
    }
    console.log(`\n2${label}. Server side: EXPLAIN (ANALYZE, BUFFERS, WAL) of each statement, mean per ${unit} over ${samples} samples (rolled back)`);
    console.log('   statement                        exec ms  of which FK/triggers  plan ms   rows   WAL KiB');
    let total = 0;
    let plan = 0;
    for (const [k, e] of [...explained].sort((x, y) => y[1].execMs - x[1].execMs)) {
      total += e.execMs / samples;
      plan += e.planMs / samples;
      const trig = [...e.triggers].map(([t, ms]) => `${t} ${(ms / samples).toFixed(2)}`).join(', ');
      console.log(
        `   ${k.padEnd(32)} ${(e.execMs / samples).toFixed(2).padStart(7)}  ${(e.triggerMs / samples).toFixed(2).padStart(7)}  ${(e.planMs / samples).toFixed(2).padStart(14)} ${Math.round(
          e.rows / samples,
        )
          .toString()
          .padStart(6)} ${(e.walBytes / samples / 1024).toFixed(0).padStart(9)}${trig ? `   (${trig})` : ''}`,
      );
    }
    for (const [k, e] of explained) {
      console.log(`   ${k}: plan nodes by self time (ms per ${unit}; data-modifying CTEs run when first read, so a CTE's work can show under its reader)`);
      for (const [what, ms] of [...e.nodes].sort((x, y) => y[1] - x[1]).slice(0, 12)) console.log(`     ${(ms / samples).toFixed(2).padStart(7)}  ${what}`);
    }
    console.log(
      `   total ${total.toFixed(2)} ms executing + ${plan.toFixed(2)} ms planning per ${unit} → at most ${Math.round((1000 * perSample) / (total + plan))} notices/s per busy PostgreSQL core (statements only, before parse/bind and commit)`,
    );
  };
  await explain('a', EXPLAINS, 100, 'batch of 100', (db) => {
    const b = nextBatch();
    return submitNoticeBatch({ db, now: () => new Date() }, b.actor, b.items);
  });
  await explain('b', EXPLAINS * 10, 1, 'single notice', (db) => {
    const kind = rng.weighted(MIX);
    const parsed = checkNotice(JSON.parse(factory.notice(kind)));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return submitNotice({ db, now: () => new Date() }, actors.get(kind)!, parsed.input);
  });

  // 3. Does the server's prepared statement get a generic plan, or is it planned every time?
  const one = openPostgres(u.toString(), { max: 1 });
  try {
    for (let i = 0; i < 30; i++) {
      const kind = rng.weighted(MIX);
      const parsed = checkNotice(JSON.parse(factory.notice(kind)));
      if (parsed.ok) await submitNotice({ db: one, now: () => new Date() }, actors.get(kind)!, parsed.input);
    }
    for (let i = 0; i < 10; i++) {
      const b = nextBatch();
      await submitNoticeBatch({ db: one, now: () => new Date() }, b.actor, b.items);
    }
    const plans = await one.query<{ statement: string; generic_plans: number; custom_plans: number }>(
      `SELECT left(regexp_replace(statement, '\\s+', ' ', 'g'), 40) AS statement, generic_plans::int, custom_plans::int FROM pg_prepared_statements ORDER BY custom_plans + generic_plans DESC`,
    );
    console.log('\n3. Prepared statements on one connection after 30 single notices and 10 batches (plan_cache_mode auto):');
    for (const p of plans.slice(0, 5)) console.log(`   ${p.statement.padEnd(42)} generic plans ${p.generic_plans}, custom plans ${p.custom_plans}`);
  } finally {
    await one.close();
  }
}

function report(t: Timings, inUseCase: number, n: number, unit: string) {
  const per = (ms: number) => (ms / n).toFixed(2).padStart(8);
  const js = inUseCase - t.dbMs - t.beginMs - t.commitMs;
  console.log(`   per ${unit} (ms)                       wall ms`);
  console.log(`   whole use case                  ${per(inUseCase)}`);
  console.log(`   JavaScript (no statement in flight)${per(js)}   (drafting, public records, redaction, parameters, results)`);
  if (t.transactions) console.log(`   BEGIN round trip                ${per(t.beginMs)}   (${(t.transactions / n).toFixed(2)} transactions per ${unit})`);
  console.log(`   statements in flight            ${per(t.dbMs)}${t.transactions ? '' : '   (autocommit: includes the commit and its WAL flush)'}`);
  for (const [k, s] of [...t.statements].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`     ${k.padEnd(30)}${per(s.ms)}   (${(s.n / n).toFixed(2)} per ${unit}; statements sent together overlap)`);
  if (t.transactions) console.log(`   COMMIT round trip               ${per(t.commitMs)}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    clearTimeout(budget);
    await sleep(10);
  });
