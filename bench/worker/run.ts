/**
 * `npm run bench:worker`: the worker's side effects, measured.
 *
 * 1. Deadlines: WORKER_BENCH_CASES (100,000) open cases, inserted by one statement, all past their
 *    due-soon point (half of them overdue); the sweep (sla-sweep.service.ts) marks them, records
 *    each on its timeline and appends its outbox event, in batches of WORKER_BENCH_BATCH (500).
 *    Baseline, in the same run on the same rows: one plain UPDATE setting the same marks.
 * 2. E-mail: WORKER_BENCH_EMAILS (2,000) e-mail jobs run by the worker (claim, render, SMTP to a
 *    sink in this process, mark done). Baseline: the same messages sent by nodemailer alone.
 * 3. Webhook deliveries: WORKER_BENCH_WEBHOOKS (20,000) through the worker to a receiver in a
 *    child process (bench/worker/webhooks.ts); baseline: safe-fetch alone. Goal ≥ 2,000/s.
 *
 * Database: PGlite in memory; WORKER_BENCH_DB=postgres uses a fresh schema on TEST_DATABASE_URL.
 * Writes bench/results/worker.md and worker.json (worker-<n>.… when WORKER_BENCH_CASES is not the default).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from '../machine.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');
const DEFAULT_CASES = 100_000;
const CASES = Number(process.env.WORKER_BENCH_CASES || DEFAULT_CASES);
const EMAILS = Number(process.env.WORKER_BENCH_EMAILS || 2_000);
const BATCH = Number(process.env.WORKER_BENCH_BATCH || 500);
const WEBHOOKS = Number(process.env.WORKER_BENCH_WEBHOOKS || 20_000);
const DB = process.env.WORKER_BENCH_DB === 'postgres' ? 'postgres' : 'pglite';

process.env.MINHBACH_TEST_DB = DB;
if (DB === 'postgres') process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';

const { openTestDb } = await import('../../test/db.ts');
const { startSmtpSink } = await import('../../test/smtp-sink.ts');
const { sweepDeadlines } = await import('../../src/services/sla-sweep.service.ts');
const { createEmailHandler, EMAIL_JOB_KIND } = await import('../../src/services/email.handler.ts');
const { createMailer } = await import('../../src/services/mailer.ts');
const { renderEmail } = await import('../../src/core/email/templates.ts');
const { insertJobs } = await import('../../src/repositories/job.repository.ts');
const { drainOutbox } = await import('../../src/services/worker.service.ts');
const { uuidv7 } = await import('../../src/core/ids.ts');
const { benchWebhooks } = await import('./webhooks.ts');

const t0 = Date.now();
const log = (msg: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const HOUR = 3_600_000;

const { db, close } = await openTestDb();
const T = new Date('2026-12-01T00:00:00Z');
let now = T;
const ctx = { db, now: () => now };

// 1. Deadlines.
let s = Date.now();
await db.query(
  `INSERT INTO cases (id, content_key, platform, canonical_url, status, category, notice_count, authority_request, due_at, created_at, updated_at)
   SELECT gen_random_uuid(), 'bench-' || g, 'facebook', 'https://www.facebook.com/bench/posts/' || g, CASE WHEN g % 3 = 0 THEN 'in_review' ELSE 'received' END,
          'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', 1, g % 2 = 0,
          -- Odd rows overdue at the sweep (T + 23 h), even rows due soon (a quarter of 25 h left at T + 18.75 h).
          $1::timestamptz + CASE WHEN g % 2 = 1 THEN interval '20 hours' ELSE interval '25 hours' END, $1, $1
   FROM generate_series(1, $2::int) AS g`,
  [T, CASES],
);
const insertSeconds = (Date.now() - s) / 1000;
log(`${CASES.toLocaleString('en')} open cases inserted in ${insertSeconds.toFixed(1)} s`);
now = new Date(T.getTime() + 23 * HOUR);

s = Date.now();
await db.query(`UPDATE cases SET due_soon_escalated_for = due_at, overdue_escalated_for = CASE WHEN due_at < $1 THEN due_at END WHERE content_key LIKE 'bench-%'`, [now]);
const baselineSeconds = (Date.now() - s) / 1000;
await db.query(`UPDATE cases SET due_soon_escalated_for = NULL, overdue_escalated_for = NULL WHERE content_key LIKE 'bench-%'`);
log(`baseline: one UPDATE of the same rows in ${baselineSeconds.toFixed(2)} s`);

s = Date.now();
let escalated = 0;
for (let n; (n = await sweepDeadlines(ctx, { limit: BATCH })) > 0;) escalated += n;
const sweepSeconds = (Date.now() - s) / 1000;
const [counts] = await db.query<{ events: number; due_soon: number; overdue: number; timeline: number }>(
  `SELECT (SELECT count(*) FROM outbox WHERE type IN ('case.due_soon', 'case.overdue'))::int AS events,
          (SELECT count(*) FROM outbox WHERE type = 'case.due_soon')::int AS due_soon,
          (SELECT count(*) FROM outbox WHERE type = 'case.overdue')::int AS overdue,
          (SELECT count(*) FROM case_events WHERE type IN ('due_soon', 'overdue'))::int AS timeline`,
);
log(`sweep: ${escalated.toLocaleString('en')} escalated in ${sweepSeconds.toFixed(2)} s (${counts!.due_soon} due soon, ${counts!.overdue} overdue)`);
s = Date.now();
const again = await sweepDeadlines(ctx, { limit: BATCH });
const idleSweepMs = Date.now() - s;
// The sweep's events are the dispatcher's work (the outbox bench), not the mail's: set aside.
await db.query(`UPDATE outbox SET dispatched_at = $1 WHERE dispatched_at IS NULL`, [now]);

// 2. E-mail.
const sink = await startSmtpSink({ keep: false });
const mail = { smtpUrl: sink.url, from: 'Minh bạch <no-reply@minhbach.bench>', publicUrl: 'https://minhbach.bench' };
const handler = createEmailHandler(mail);
const email = {
  template: 'due_soon' as const,
  audience: 'platform' as const,
  case_id: uuidv7(),
  platform: 'facebook',
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  due_at: now.toISOString(),
  authority_request: true,
};
await insertJobs(
  db,
  Array.from({ length: EMAILS }, (_, i) => ({
    id: uuidv7(now.getTime()),
    kind: EMAIL_JOB_KIND,
    event_id: null,
    seq: '0',
    order_key: null,
    payload: { to: `escalation-${i % 50}@platform.bench`, email },
    run_at: now,
    created_at: now,
  })),
);
s = Date.now();
await drainOutbox(ctx, [handler]);
const emailSeconds = (Date.now() - s) / 1000;
const [done] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'email' AND status = 'done'`);
const delivered = sink.messages.length;
log(`e-mail: ${delivered} delivered by the worker in ${emailSeconds.toFixed(2)} s (${done!.n} jobs done)`);
handler.close();

const direct = createMailer(mail);
const rendered = renderEmail(email, { publicUrl: mail.publicUrl });
sink.messages.length = 0;
s = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    for (let i = next++; i < EMAILS; i = next++) await direct.send({ to: `escalation-${i % 50}@platform.bench`, ...rendered, messageId: `<${i}@minhbach>` });
  }),
);
const directSeconds = (Date.now() - s) / 1000;
log(`baseline: ${sink.messages.length} sent by nodemailer alone in ${directSeconds.toFixed(2)} s`);
direct.close();
await sink.close();

// 3. Webhooks.
const webhooks = await benchWebhooks(db, ctx, WEBHOOKS, log);

let postgresVersion: string | null = null;
if (DB === 'postgres') postgresVersion = (await db.query<{ v: string }>('SELECT version() AS v'))[0]!.v.split(' on ')[0]!;
await close();

const machine = { ...machineInfo(), database: postgresVersion ?? 'PGlite (in memory)' };
const r2 = (x: number) => Math.round(x * 100) / 100;
const result = {
  date: new Date().toISOString(),
  machine,
  deadlines: {
    open_cases: CASES,
    insert_seconds: r2(insertSeconds),
    batch: BATCH,
    escalated,
    events: counts!.events,
    timeline_entries: counts!.timeline,
    sweep_seconds: r2(sweepSeconds),
    cases_per_second: Math.round(escalated / sweepSeconds),
    idle_sweep_ms: idleSweepMs,
    escalated_by_idle_sweep: again,
    baseline_plain_update_seconds: r2(baselineSeconds),
  },
  email: {
    jobs: EMAILS,
    delivered,
    seconds: r2(emailSeconds),
    emails_per_second: Math.round(delivered / emailSeconds),
    baseline_nodemailer_alone_per_second: Math.round(EMAILS / directSeconds),
  },
  webhooks,
};

const md = [
  '# bench:worker',
  '',
  `Date: ${result.date}. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, ${machine.os}, Node ${machine.node}, ${machine.database}.`,
  '',
  '## Deadlines (sla-sweep.service.ts)',
  '',
  `${CASES.toLocaleString('en')} open cases (inserted by one statement in ${r2(insertSeconds)} s), all past their due-soon point, half overdue. The sweep marks them, records each on its case's timeline and appends its outbox event, ${BATCH} cases per transaction.`,
  '',
  '| | seconds | cases/s |',
  '|---|---:|---:|',
  `| sweep: mark + timeline + outbox event | ${r2(sweepSeconds)} | ${result.deadlines.cases_per_second.toLocaleString('en')} |`,
  `| baseline: one plain UPDATE of the same marks | ${r2(baselineSeconds)} | ${Math.round(CASES / baselineSeconds).toLocaleString('en')} |`,
  '',
  `Escalated ${escalated.toLocaleString('en')} (${counts!.due_soon.toLocaleString('en')} due soon, ${counts!.overdue.toLocaleString('en')} overdue); ${counts!.events.toLocaleString('en')} events, ${counts!.timeline.toLocaleString('en')} timeline entries. A sweep with nothing left to do: ${idleSweepMs} ms, ${again} escalated.`,
  '',
  '## E-mail (email.handler.ts)',
  '',
  `${EMAILS.toLocaleString('en')} e-mail jobs run by the worker (claim, render both languages, SMTP to a sink in this process over loopback, mark done).`,
  '',
  '| | e-mails/s |',
  '|---|---:|',
  `| worker | ${result.email.emails_per_second.toLocaleString('en')} |`,
  `| baseline: nodemailer alone, same messages, 64 at a time | ${result.email.baseline_nodemailer_alone_per_second.toLocaleString('en')} |`,
  '',
  '## Webhook deliveries',
  '',
  `${WEBHOOKS.toLocaleString('en')} events, each delivered by the worker to one endpoint (claim, load the event, sign per Standard Webhooks, POST through safe-fetch to a receiver in a child process on loopback answering 204, log the attempt, mark done).`,
  '',
  '| | deliveries/s |',
  '|---|---:|',
  `| worker | ${webhooks.deliveries_per_second.toLocaleString('en')} |`,
  `| baseline: safe-fetch alone, same bodies, 64 at a time, no database | ${webhooks.baseline_safe_fetch_alone_per_second.toLocaleString('en')} |`,
  '',
  `Received ${webhooks.received.toLocaleString('en')} of ${webhooks.deliveries.toLocaleString('en')}; ${webhooks.attempts_logged.toLocaleString('en')} attempts logged. Dispatch (events → jobs): ${webhooks.dispatch_events_per_second.toLocaleString('en')} events/s. **Goal ≥ 2,000 deliveries/s: ${webhooks.goal_met ? 'met' : 'not met'}.**`,
];

mkdirSync(RESULTS, { recursive: true });
const name = CASES === DEFAULT_CASES ? 'worker' : `worker-${CASES}`;
writeFileSync(path.join(RESULTS, `${name}.md`), `${md.join('\n')}\n`);
writeFileSync(path.join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${path.join(RESULTS, `${name}.md`)}`);
