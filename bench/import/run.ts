/**
 * `npm run bench:import`: loading a corpus of BENCH_IMPORT_N (1,000,000) reported items with the
 * real CLI (`minhbach import <file.jsonl> --org <id>`) into a fresh PostgreSQL database, then the
 * background work it causes: `minhbach worker` fingerprints and links every text and integrates
 * every published record into the transparency log.
 *
 * Ceiling measured in the same run: `COPY` of the same JSON lines into a one-column table (the
 * bytes alone, with no parsing, no cases, no records), so the import rate reads against what this
 * machine's PostgreSQL can ingest at all.
 *
 * Posts are ~80-syllable Markov walks over VFND (bench/match-speed/corpus.ts), one per line, each
 * on its own Facebook URL; one line in 50 repeats an earlier post's text on a new URL, so the
 * linker merges and links as it would on real reposts.
 *
 * Environment: BENCH_IMPORT_N, BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test; a new
 * database is made beside it and dropped), BENCH_RESULTS_DIR.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgres } from '../../src/db/postgres.ts';
import { buildChain, generatePost } from '../match-speed/corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');
const N = Number(process.env.BENCH_IMPORT_N || 1_000_000);
const BASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = `minhbach_import_${process.pid}`;
const SEED = 20_261_123;

const t0 = Date.now();
const log = (msg: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const r1 = (x: number) => Math.round(x * 10) / 10;

function dbUrl(name: string): string {
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function cli(args: string[], env: Record<string, string>, inherit = false): Promise<{ code: number; stdout: string; seconds: number }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', inherit ? 'inherit' : 'pipe'],
  });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, seconds: Number(process.hrtime.bigint() - start) / 1e9 })));
}

async function main() {
  const admin = openPostgres(BASE_URL, { max: 1 });
  const version = (await admin.query<{ v: string }>('SELECT version() AS v'))[0]!.v.split(' on ')[0]!;
  await admin.exec(`CREATE DATABASE ${DB_NAME}`);
  const url = dbUrl(DB_NAME);
  const work = mkdtempSync(path.join(os.tmpdir(), 'minhbach-import-'));
  const env = { DATABASE_URL: url, MINHBACH_DATA_DIR: work, LOG_LEVEL: 'warn' };
  try {
    log(`generating ${N.toLocaleString('en')} notices`);
    const chain = buildChain();
    const file = path.join(work, 'notices.jsonl');
    const out = createWriteStream(file);
    for (let i = 0; i < N; i++) {
      // One in 50 is a repost of an earlier text on another URL.
      const text = i > 100 && i % 50 === 0 ? generatePost(chain, SEED, i - 97, 80) : generatePost(chain, SEED, i, 80);
      const line = JSON.stringify({
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        items: [{ url: `https://www.facebook.com/page.${i % 997}/posts/${1_000_000_000 + i}`, text }],
        explanation: `Bài đăng lừa đảo số ${i}`,
        content_language: 'vi',
      });
      if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(r));
    const bytes = statSync(file).size;
    log(`wrote ${(bytes / 2 ** 20).toFixed(0)} MiB`);

    // Ceiling: the same lines, COPY'd into one text column.
    const db = openPostgres(url, { max: 2 });
    await db.exec('CREATE UNLOGGED TABLE IF NOT EXISTS copy_ceiling (line text)');
    const copyStart = process.hrtime.bigint();
    // CSV with control characters as delimiter and quote: every line arrives as it is.
    execFileSync('psql', [url, '-q', '-c', `\\copy copy_ceiling (line) FROM '${file}' WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`]);
    const copySeconds = Number(process.hrtime.bigint() - copyStart) / 1e9;
    await db.exec('DROP TABLE copy_ceiling');
    log(`COPY ceiling: ${N} lines in ${copySeconds.toFixed(1)} s`);

    const org = JSON.parse((await cli(['org', 'create', '--kind', 'trusted_flagger', '--name', 'Nhóm kiểm chứng (bench)'], env)).stdout.trim());
    log('importing with `minhbach import` (progress bar below)');
    const imp = await cli(['import', file, '--org', org.org_id], env, true);
    const summary = JSON.parse(imp.stdout.trim().split('\n').pop()!).summary;
    log(`import: ${JSON.stringify(summary)} in ${imp.seconds.toFixed(1)} s (exit ${imp.code})`);

    log('background work: `minhbach worker` until every text is linked and every record logged');
    const workerStart = process.hrtime.bigint();
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
    let linkedAt = 0;
    let loggedAt = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 2000));
      const [{ texts, pending }] = (await db.query<{ texts: number; pending: number }>(
        `SELECT (SELECT count(*) FROM notice_items WHERE text IS NOT NULL AND fingerprinted_at IS NULL)::int AS texts,
                (SELECT count(*) FROM log_pending)::int AS pending`,
      )) as [{ texts: number; pending: number }];
      const t = Number(process.hrtime.bigint() - workerStart) / 1e9;
      if (texts === 0 && !linkedAt) linkedAt = t;
      if (pending === 0 && !loggedAt) loggedAt = t;
      process.stderr.write(`\r  ${t.toFixed(0)} s: ${texts.toLocaleString('en')} texts to link, ${pending.toLocaleString('en')} records to log   `);
      if (linkedAt && loggedAt) break;
    }
    process.stderr.write('\n');
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('close', r));
    const [stats] = await db.query<{ cases: number; merged: number; links: number; fingerprints: number; log_size: string }>(
      `SELECT (SELECT count(*) FROM cases WHERE status <> 'merged')::int AS cases, (SELECT count(*) FROM cases WHERE status = 'merged')::int AS merged,
              (SELECT count(*) FROM case_links)::int / 2 AS links, (SELECT count(*) FROM text_fingerprints)::int AS fingerprints,
              (SELECT max(size)::text FROM log_checkpoints) AS log_size`,
    );
    await db.close();

    const cpu = os.cpus();
    const result = {
      date: new Date().toISOString(),
      machine: { cpu: cpu[0]?.model.trim(), cores: cpu.length, memory_gib: r1(os.totalmem() / 2 ** 30), node: process.version, postgres: version },
      n: N,
      file_mib: r1(bytes / 2 ** 20),
      copy_ceiling: { seconds: r1(copySeconds), lines_per_s: Math.round(N / copySeconds) },
      import: { seconds: r1(imp.seconds), notices_per_s: Math.round(N / imp.seconds), summary, share_of_copy: r1((copySeconds / imp.seconds) * 100) },
      worker: { link_seconds: r1(linkedAt), texts_per_s: Math.round(N / linkedAt), log_seconds: r1(loggedAt), records_per_s: Math.round(N / loggedAt) },
      outcome: { ...stats, log_size: Number(stats!.log_size) },
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, 'import.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(RESULTS, 'import.md'), markdown(result));
    log(`wrote ${path.join(RESULTS, 'import.md')}`);
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.close();
    rmSync(work, { recursive: true, force: true });
  }
}

function markdown(r: any): string {
  return [
    '# Bulk import of a 1M-item corpus (`npm run bench:import`)',
    '',
    `Date: ${r.date}. Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memory_gib} GiB, Node ${r.machine.node}, ${r.machine.postgres} on the same machine.`,
    '',
    `${r.n.toLocaleString('en')} notices, one item each with a ~80-syllable Vietnamese text (${r.file_mib} MiB of JSON lines), loaded by \`minhbach import\` into a fresh database, then \`minhbach worker\` until every text was fingerprinted and linked and every public record was in the transparency log.`,
    '',
    '| step | time | rate | note |',
    '|---|---|---|---|',
    `| ceiling: \`COPY\` of the same lines into one text column | ${r.copy_ceiling.seconds} s | ${r.copy_ceiling.lines_per_s.toLocaleString('en')} lines/s | the bytes alone |`,
    `| \`minhbach import\` (validation, canonical URLs, notices, cases, items, public records) | ${r.import.seconds} s | ${r.import.notices_per_s.toLocaleString('en')} notices/s | ${r.import.share_of_copy}% of the COPY rate; ${JSON.stringify(r.import.summary)} |`,
    `| \`minhbach worker\`: fingerprint and link every text | ${r.worker.link_seconds} s | ${r.worker.texts_per_s.toLocaleString('en')} texts/s | beside the log integration, in one process |`,
    `| \`minhbach worker\`: every public record into the log | ${r.worker.log_seconds} s | ${r.worker.records_per_s.toLocaleString('en')} records/s | signed checkpoint at size ${r.outcome.log_size.toLocaleString('en')} |`,
    '',
    `Outcome: ${r.outcome.cases.toLocaleString('en')} open cases, ${r.outcome.merged.toLocaleString('en')} merged into an earlier case as duplicates, ${r.outcome.links.toLocaleString('en')} case links, ${r.outcome.fingerprints.toLocaleString('en')} stored fingerprints.`,
    '',
  ].join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
