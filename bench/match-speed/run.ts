/**
 * Text-matching speed benchmark (`npm run bench:match-speed`).
 *
 *  1. fingerprintText throughput per core on ~100-syllable Vietnamese posts (goal ≥ 5,000/s/core),
 *     with a breakdown by pipeline step.
 *  2. End-to-end lookup latency (matchContent of src/services/match.service.ts: fingerprintText +
 *     findTextCandidates + exact Jaccard + findCasesByIds) with N stored fingerprints on PostgreSQL
 *     (fresh database minhbach_bench_<random>, migrated with src/db/migrate.ts, dropped at the end;
 *     goal p99 ≤ 5 ms), and with BENCH_PGLITE_N stored on PGlite (temp dir).
 *  3. Baseline: pg_trgm (`text % $1 ORDER BY similarity`) on the same texts at BENCH_TRGM_N, and
 *     minhbach at the same N, latency and recall on the near-duplicate queries (goal ≥ 10× faster
 *     at equal or better recall).
 *
 * Stored posts come from a Markov chain over the VFND texts (../shared/corpus/vfnd) when present,
 * else a built-in word list. Rows are fingerprinted by 2 worker threads and streamed with COPY;
 * the secondary indexes of text_fingerprints (the real definitions, read from pg_indexes, incl.
 * the GIN index WITH (fastupdate = off)) are dropped during the load and re-created after it.
 * Loading PostgreSQL stops after BENCH_LOAD_SECONDS (default 240) of row loading: N is then the
 * number of rows actually loaded, reported as such.
 *
 * Environment: BENCH_N (1,000,000), BENCH_TRGM_N (100,000), BENCH_PGLITE_N (100,000),
 * BENCH_QUERIES (2,000; half near-duplicates, half unrelated), BENCH_LOAD_SECONDS (1,200),
 * BENCH_TRGM_SECONDS (45, cap on pg_trgm query time), BENCH_TRGM_THRESHOLD (0.3),
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test), BENCH_SEED, BENCH_RESULTS_DIR.
 * Every loop is bounded; a watchdog drops the database and exits if the run overruns BENCH_WATCHDOG_MINUTES (30).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { exactHash, lshBandKeys, minhashSignature, shingles } from '../../src/core/minhash.ts';
import { fingerprintText, MATCH_SCHEME } from '../../src/core/text-fingerprint.ts';
import { normalizeVietnamese } from '../../src/core/vietnamese-normalize.ts';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { findCasesByIds } from '../../src/repositories/case.repository.ts';
import { explainTextCandidates, findTextCandidates } from '../../src/repositories/text-fingerprint.repository.ts';
import { WINNOW_KEY_MAX_POSTINGS, winnowFingerprints } from '../../src/core/winnow.ts';
import { matchContent } from '../../src/services/match.service.ts';
import { scoreCandidate, matchLevel } from '../../src/core/text-fingerprint.ts';
import { buildChain, generatePost, nearDuplicate, rng, VARIANTS, type Chain } from './corpus.ts';
import { FILLER_CASE, NOTICE_ID, ORG_ID, sourceCaseId } from './ids.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return n;
}

const N = Math.floor(intEnv('BENCH_N', 1_000_000, 1_000, 20_000_000));
const TRGM_N = Math.min(N, Math.floor(intEnv('BENCH_TRGM_N', 100_000, 1_000, 20_000_000)));
const PGLITE_N = Math.floor(intEnv('BENCH_PGLITE_N', 100_000, 0, 2_000_000));
const QUERIES = Math.floor(intEnv('BENCH_QUERIES', 2_000, 20, 100_000));
const LOAD_SECONDS = intEnv('BENCH_LOAD_SECONDS', 1_200, 5, 3_600);
const TRGM_SECONDS = intEnv('BENCH_TRGM_SECONDS', 60, 1, 600);
const TRGM_THRESHOLD = intEnv('BENCH_TRGM_THRESHOLD', 0.3, 0.01, 1);
const BASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SEED = Math.floor(intEnv('BENCH_SEED', 20_251_123, 0, 2 ** 31));
const SOURCES = Math.floor(QUERIES / 2);
// Sources of near-duplicate queries are spread over the rows every stage stores.
const STRIDE = Math.max(1, Math.floor(Math.min(TRGM_N, PGLITE_N || TRGM_N) / SOURCES));
const CHUNK = 2_000;
const WARMUP = Math.min(200, QUERIES);
const LOOKUP_SECONDS = intEnv('BENCH_LOOKUP_SECONDS', 60, 1, 600);
// Loading and indexing 1M texts takes ~15 min on a 2-core machine; the watchdog only catches a hung run.
const WATCHDOG_MS = intEnv('BENCH_WATCHDOG_MINUTES', 30, 1, 240) * 60_000;

const DB_NAME = `minhbach_bench_${randomBytes(5).toString('hex')}`;
const dbUrl = (name: string): string => {
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
};
const T0 = performance.now();
const elapsed = (): string => `${((performance.now() - T0) / 1000).toFixed(1)}s`;
const log = (...a: unknown[]): void => console.log(`[${elapsed()}]`, ...a);

// ---------------------------------------------------------------------------------------------
// Statistics

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
interface Dist {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}
function dist(xs: number[]): Dist {
  const s = xs.slice().sort((a, b) => a - b);
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { n: s.length, mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)), p50: r(pct(s, 50)), p90: r(pct(s, 90)), p99: r(pct(s, 99)), max: r(s[s.length - 1] ?? NaN) };
}

// ---------------------------------------------------------------------------------------------
// Queries

interface Query {
  text: string;
  source: number | null;
  variant: number | null;
}

function buildQueries(chain: Chain): Query[] {
  const near: Query[] = [];
  for (let k = 0; k < SOURCES; k++) {
    const variant = k % VARIANTS.length;
    near.push({ text: nearDuplicate(chain, generatePost(chain, SEED, k * STRIDE), variant, rng(SEED ^ (k * 7919 + 1))), source: k, variant });
  }
  const out: Query[] = [];
  for (let k = 0; k < QUERIES - SOURCES || k < SOURCES; k++) {
    if (k < SOURCES) out.push(near[k]!);
    if (k < QUERIES - SOURCES) out.push({ text: generatePost(chain, SEED + 1, k), source: null, variant: null });
  }
  return out;
}

/**
 * Partial reposts (issue 15): a 35 % or 50 % cut (head, middle or tail) of a stored source post, or
 * a 35–60 % fragment of it quoted inside commentary (a post that is not stored), with diacritics
 * stripped on every other query. Found only through winnowing (LSH cannot see a third of a text).
 */
interface FragmentQuery {
  text: string;
  source: number;
  kind: 'cut_35' | 'cut_50' | 'quoted';
}
const FRAGMENT_KINDS = ['cut_35', 'cut_50', 'quoted'] as const;

function buildFragments(chain: Chain): FragmentQuery[] {
  const out: FragmentQuery[] = [];
  const strip = (t: string): string => t.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  for (let k = 0; k < SOURCES; k++) {
    const r = rng(SEED ^ (k * 104_729 + 7));
    const words = generatePost(chain, SEED, k * STRIDE).split(/\s+/);
    const kind = FRAGMENT_KINDS[k % FRAGMENT_KINDS.length]!;
    const share = kind === 'cut_35' ? 0.35 : kind === 'cut_50' ? 0.5 : 0.35 + r() * 0.25;
    const n = Math.round(words.length * share);
    const start = Math.round((words.length - n) * [0, 0.5, 1][Math.floor(k / FRAGMENT_KINDS.length) % 3]!);
    let text = words.slice(start, start + n).join(' ');
    if (kind === 'quoted') {
      const c = generatePost(chain, SEED + 3, k)
        .split(/\s+/)
        .slice(0, 30 + Math.floor(r() * 30));
      const at = Math.floor(r() * c.length);
      text = `${c.slice(0, at).join(' ')} "${text}" ${c.slice(at).join(' ')}`;
    }
    out.push({ text: k % 2 ? strip(text) : text, source: k, kind });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loader: worker threads fingerprint posts, the main thread streams their COPY lines.

interface Chunk {
  start: number;
  end: number;
  fp: string;
  txt: string;
  fpMs: number;
}

class Loader {
  workers: Worker[];
  fpRows = 0;
  fpMs = 0;
  failure: Error | undefined;
  constructor(count: number) {
    this.workers = Array.from({ length: count }, () => {
      const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { seed: SEED, stride: STRIDE, sources: SOURCES } });
      w.on('error', (err) => (this.failure ??= err));
      return w;
    });
  }
  /** Loads rows from `start` up to `end` (or until `deadline`); returns the end actually reached. */
  async run(start: number, end: number, withText: (s: number) => boolean, sink: (c: Chunk) => Promise<void>, deadline: number): Promise<number> {
    let next = start;
    const one = (w: Worker): Promise<void> =>
      new Promise((resolve, reject) => {
        const step = (): void => {
          if (this.failure) return reject(this.failure);
          if (next >= end || performance.now() > deadline) return resolve();
          const s = next;
          const e = Math.min(end, s + CHUNK);
          next = e;
          const onMsg = (c: Chunk): void => {
            w.off('error', onErr);
            this.fpRows += c.end - c.start;
            this.fpMs += c.fpMs;
            sink(c).then(step, reject);
          };
          const onErr = (err: Error): void => reject(err);
          w.once('message', onMsg);
          w.once('error', onErr);
          w.postMessage({ start: s, end: e, withText: withText(s) });
        };
        step();
      });
    await Promise.all(this.workers.map(one));
    return next;
  }
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

async function writeTo(stream: NodeJS.WritableStream, data: string): Promise<void> {
  if (!data) return;
  if (!stream.write(data)) await new Promise<void>((r) => stream.once('drain', () => r()));
}
async function endStream(stream: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.once('finish', () => resolve());
    stream.end();
  });
}

const FP_COLUMNS = 'id, case_id, notice_id, normalized_hash, stripped_hash, shingles, band_keys, winnow_keys';

async function insertBaseRows(db: Db): Promise<void> {
  await db.query(`INSERT INTO organizations (id, kind, name) VALUES ($1, 'authority', 'match-speed bench')`, [ORG_ID]);
  await db.query(
    `INSERT INTO cases (id, content_key, platform, canonical_url, category)
     SELECT ('10000000-0000-4000-8000-' || lpad(to_hex(k), 12, '0'))::uuid, 'bench:' || k, 'facebook', 'https://www.facebook.com/bench/' || k, 'misinformation'
     FROM generate_series(0, $1::int - 1) AS k`,
    [SOURCES],
  );
  await db.query(
    `INSERT INTO cases (id, content_key, platform, canonical_url, category) VALUES ($1, 'bench:filler', 'facebook', 'https://www.facebook.com/bench/filler', 'misinformation')`,
    [FILLER_CASE],
  );
  await db.query(
    `INSERT INTO notices (id, submitter_org_id, submitter_kind, category, explanation, fingerprint, due_at) VALUES ($1, $2, 'authority', 'misinformation', 'bench', 'bench', now())`,
    [NOTICE_ID, ORG_ID],
  );
  if (sourceCaseId(0) === FILLER_CASE) throw new Error('id clash');
}

// COPY bypasses insertFingerprints, which keeps the winnow key counts (the boilerplate guard):
// they are counted after each load, as the rows inserted one by one would have left them.
const COUNT_WINNOW_KEYS = `DELETE FROM winnow_key_counts;
  INSERT INTO winnow_key_counts (key, texts) SELECT k, count(*) FROM text_fingerprints, unnest(winnow_keys) AS k GROUP BY k;`;

async function secondaryIndexes(db: Db): Promise<{ name: string; def: string }[]> {
  return db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'text_fingerprints' AND indexname <> 'text_fingerprints_pkey' ORDER BY indexname`,
  );
}

// ---------------------------------------------------------------------------------------------
// Lookup measurements

interface MinhbachResult {
  engine: string;
  stored: number;
  queries: number;
  end_to_end_ms: Dist;
  near_dup_ms: Dist;
  unrelated_ms: Dist;
  recall: number;
  recall_by_variant: Record<string, number>;
  unrelated_false_matches: number;
  breakdown_ms: { fingerprint: Dist; find_candidates_sql: Dist; verify: Dist; find_cases_sql: Dist };
  candidates: Dist;
  candidates_at_cap: number;
  stopped_by_time_cap: boolean;
  plan: string;
  fragments: FragmentResult;
}

interface FragmentResult {
  queries: number;
  end_to_end_ms: Dist;
  recall: number;
  recall_by_kind: Record<string, number>;
  /** Fragment queries that also matched a case other than their source's. */
  with_other_match: number;
  candidates: Dist;
  find_candidates_sql_ms: Dist;
  stopped_by_time_cap: boolean;
  plan: string;
}

async function measureFragments(db: Db, fragments: FragmentQuery[]): Promise<FragmentResult> {
  const ctx = { db, now: () => new Date() };
  const deadline = performance.now() + LOOKUP_SECONDS * 1000;
  for (const f of fragments.slice(0, 50)) await matchContent(ctx, 'operator', { text: f.text });
  const ms: number[] = [];
  let found = 0;
  let other = 0;
  let stopped = false;
  const byKind = new Map<string, { n: number; found: number }>();
  for (const f of fragments) {
    if (performance.now() > deadline) {
      stopped = true;
      break;
    }
    const t = performance.now();
    const r = await matchContent(ctx, 'operator', { text: f.text });
    ms.push(performance.now() - t);
    const hit = r.matches.some((m) => m.case_id === sourceCaseId(f.source));
    if (r.matches.some((m) => m.case_id !== sourceCaseId(f.source))) other++;
    const k = byKind.get(f.kind) ?? { n: 0, found: 0 };
    k.n++;
    if (hit) {
      found++;
      k.found++;
    }
    byKind.set(f.kind, k);
  }
  const cands: number[] = [];
  const sqlMs: number[] = [];
  const deadline2 = performance.now() + (LOOKUP_SECONDS * 1000) / 4;
  for (const f of fragments.slice(0, ms.length)) {
    if (performance.now() > deadline2) break;
    const fp = fingerprintText(f.text)!;
    const t = performance.now();
    cands.push((await findTextCandidates(db, fp)).length);
    sqlMs.push(performance.now() - t);
  }
  const fp0 = fingerprintText(fragments[0]!.text)!;
  const plan = await explainTextCandidates(db, fp0);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    queries: ms.length,
    end_to_end_ms: dist(ms),
    recall: round(found / Math.max(1, ms.length)),
    recall_by_kind: Object.fromEntries([...byKind].map(([k, v]) => [k, round(v.found / Math.max(1, v.n))])),
    with_other_match: other,
    candidates: dist(cands),
    find_candidates_sql_ms: dist(sqlMs),
    stopped_by_time_cap: stopped,
    plan,
  };
}

async function measureMinhbach(db: Db, engine: string, stored: number, queries: Query[], fragments: FragmentQuery[]): Promise<MinhbachResult> {
  const ctx = { db, now: () => new Date() };
  const deadline = performance.now() + LOOKUP_SECONDS * 1000;
  let stopped = false;
  const warmDeadline = performance.now() + LOOKUP_SECONDS * 100; // warm-up gets at most 10% of the cap
  for (let i = 0; i < WARMUP && performance.now() < warmDeadline; i++) await matchContent(ctx, 'operator', { text: queries[i]!.text });
  const all: number[] = [];
  const nearMs: number[] = [];
  const unrelMs: number[] = [];
  let found = 0;
  let falseMatches = 0;
  const byVariant = VARIANTS.map(() => ({ n: 0, found: 0 }));
  for (const q of queries) {
    if (performance.now() > deadline) {
      stopped = true;
      break;
    }
    const t = performance.now();
    const r = await matchContent(ctx, 'operator', { text: q.text });
    const ms = performance.now() - t;
    all.push(ms);
    if (q.source !== null) {
      nearMs.push(ms);
      const hit = r.matches.some((m) => m.case_id === sourceCaseId(q.source!));
      byVariant[q.variant!]!.n++;
      if (hit) {
        found++;
        byVariant[q.variant!]!.found++;
      }
    } else {
      unrelMs.push(ms);
      if (r.matches.length > 0) falseMatches++;
    }
  }
  // Instrumented pass: the same steps as matchContent, timed one by one.
  const fpT: number[] = [];
  const sqlT: number[] = [];
  const verT: number[] = [];
  const casesT: number[] = [];
  const cands: number[] = [];
  let atCap = 0;
  const deadline2 = performance.now() + (LOOKUP_SECONDS * 1000) / 2;
  for (const q of queries.slice(0, all.length)) {
    if (performance.now() > deadline2) break;
    let t = performance.now();
    const fp = fingerprintText(q.text)!;
    fpT.push(performance.now() - t);
    t = performance.now();
    const c = await findTextCandidates(db, fp);
    sqlT.push(performance.now() - t);
    cands.push(c.length);
    if (c.length >= 500) atCap++;
    t = performance.now();
    const best = new Map<string, number>();
    for (const cand of c) {
      const s = scoreCandidate(fp, cand);
      if (s > (best.get(cand.case_id) ?? -1)) best.set(cand.case_id, s);
    }
    const ids = [...best].filter(([, s]) => matchLevel(s) !== null).map(([id]) => id);
    verT.push(performance.now() - t);
    t = performance.now();
    await findCasesByIds(db, ids);
    casesT.push(performance.now() - t);
  }
  const recall_by_variant: Record<string, number> = {};
  VARIANTS.forEach((v, i) => (recall_by_variant[v] = byVariant[i]!.n ? Math.round((byVariant[i]!.found / byVariant[i]!.n) * 1000) / 1000 : NaN));
  const fp0 = fingerprintText(queries[0]!.text)!;
  const planRows = await db.query<Record<string, string>>(
    `EXPLAIN (ANALYZE, BUFFERS) SELECT case_id, normalized_hash, stripped_hash, shingles FROM text_fingerprints
     WHERE normalized_hash = $1 OR stripped_hash = $2 OR band_keys && $3::bigint[] LIMIT $4`,
    [fp0.normalized_hash, fp0.stripped_hash, fp0.band_keys, 500],
  );
  const fragmentResult = await measureFragments(db, fragments);
  return {
    fragments: fragmentResult,
    stopped_by_time_cap: stopped,
    plan: planRows.map((r) => Object.values(r)[0]).join('\n'),
    engine,
    stored,
    queries: queries.length,
    end_to_end_ms: dist(all),
    near_dup_ms: dist(nearMs),
    unrelated_ms: dist(unrelMs),
    recall: Math.round((found / Math.max(1, nearMs.length)) * 1000) / 1000,
    recall_by_variant,
    unrelated_false_matches: falseMatches,
    breakdown_ms: { fingerprint: dist(fpT), find_candidates_sql: dist(sqlT), verify: dist(verT), find_cases_sql: dist(casesT) },
    candidates: dist(cands),
    candidates_at_cap: atCap,
  };
}

interface TrgmResult {
  stored: number;
  threshold: number;
  queries: number;
  stopped_by_time_cap: boolean;
  ms: Dist;
  near_dup_ms: Dist;
  unrelated_ms: Dist;
  recall: number;
  recall_by_variant: Record<string, number>;
  near_dup_queries: number;
  index_build_s: number;
  table_mb: number;
  index_mb: number;
  plan: string;
}

async function measureTrgm(sql: postgres.Sql, stored: number, queries: Query[], indexBuildS: number): Promise<TrgmResult> {
  const q = `SELECT id, similarity(text, $1) AS s FROM bench_trgm WHERE text % $1 ORDER BY s DESC LIMIT 10`;
  const deadline = performance.now() + TRGM_SECONDS * 1000;
  await sql.unsafe(q, [queries[0]!.text], { prepare: true });
  const all: number[] = [];
  const nearMs: number[] = [];
  const unrelMs: number[] = [];
  let found = 0;
  const byVariant = VARIANTS.map(() => ({ n: 0, found: 0 }));
  let stopped = false;
  for (const query of queries) {
    if (performance.now() > deadline) {
      stopped = true;
      break;
    }
    const t = performance.now();
    const rows = await sql.unsafe<{ id: number; s: number }[]>(q, [query.text], { prepare: true });
    const ms = performance.now() - t;
    all.push(ms);
    if (query.source !== null) {
      nearMs.push(ms);
      byVariant[query.variant!]!.n++;
      if (rows.some((r) => Number(r.id) === query.source! * STRIDE)) {
        found++;
        byVariant[query.variant!]!.found++;
      }
    } else unrelMs.push(ms);
  }
  const planRows = await sql.unsafe<Record<string, string>[]>(`EXPLAIN (ANALYZE, BUFFERS) ${q}`, [queries[0]!.text]);
  const [size] = await sql<{ t: string; i: string }[]>`SELECT pg_relation_size('bench_trgm') AS t, pg_relation_size('bench_trgm_text_idx') AS i`;
  const recall_by_variant: Record<string, number> = {};
  VARIANTS.forEach((v, i) => (recall_by_variant[v] = byVariant[i]!.n ? Math.round((byVariant[i]!.found / byVariant[i]!.n) * 1000) / 1000 : NaN));
  return {
    stored,
    threshold: TRGM_THRESHOLD,
    queries: all.length,
    stopped_by_time_cap: stopped,
    ms: dist(all),
    near_dup_ms: dist(nearMs),
    unrelated_ms: dist(unrelMs),
    recall: Math.round((found / Math.max(1, nearMs.length)) * 1000) / 1000,
    recall_by_variant,
    near_dup_queries: nearMs.length,
    index_build_s: indexBuildS,
    plan: planRows.map((r) => Object.values(r)[0]).join('\n'),
    table_mb: Math.round(Number(size!.t) / 1e6),
    index_mb: Math.round(Number(size!.i) / 1e6),
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Fingerprint throughput

function fingerprintBench(chain: Chain): Record<string, unknown> {
  const texts = Array.from({ length: 2_000 }, (_, i) => generatePost(chain, SEED + 2, i));
  const syl = texts.map((t) => normalizeVietnamese(t).syllables.length);
  for (let i = 0; i < 500; i++) fingerprintText(texts[i]!);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3_000 && n < 200_000) fingerprintText(texts[n++ % texts.length]!);
  const perCore = n / ((performance.now() - t0) / 1000);
  // Step breakdown over the same texts (µs per post).
  const reps = 1_000;
  const time = (f: (i: number) => unknown): number => {
    const t = performance.now();
    for (let i = 0; i < reps; i++) f(i);
    return Math.round(((performance.now() - t) * 1000) / reps);
  };
  const norm = texts.slice(0, reps).map((t) => normalizeVietnamese(t));
  const sh = norm.map((x) => shingles(x.strippedSyllables, MATCH_SCHEME));
  const sigs = sh.map((s) => minhashSignature(s, MATCH_SCHEME));
  const breakdown_us = {
    normalizeVietnamese: time((i) => normalizeVietnamese(texts[i]!)),
    shingles: time((i) => shingles(norm[i]!.strippedSyllables, MATCH_SCHEME)),
    minhashSignature_160: time((i) => minhashSignature(sh[i]!, MATCH_SCHEME)),
    lshBandKeys: time((i) => lshBandKeys(sigs[i]!, MATCH_SCHEME)),
    exactHash_x2: time((i) => (exactHash(norm[i]!.normalized), exactHash(norm[i]!.stripped))),
    winnowFingerprints: time((i) => winnowFingerprints(norm[i]!.strippedSyllables, MATCH_SCHEME.winnow)),
    to_strings: time((i) => ([...sh[i]!].map((x) => x | 0), lshBandKeys(sigs[i]!, MATCH_SCHEME).map(String))),
  };
  return { posts: n, syllables_per_post: dist(syl), per_core_per_s: Math.round(perCore), us_per_post: Math.round(1e6 / perCore), breakdown_us };
}

// ---------------------------------------------------------------------------------------------

function machineInfo(pgVersion: string, pgSettings: Record<string, string>): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    available_parallelism: os.availableParallelism(),
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    postgres: pgVersion,
    postgres_settings: pgSettings,
    pglite: '@electric-sql/pglite (see package.json)',
    // Other work on the machine inflates every latency here: the load at the start, and at the end (below).
    load_average_at_start: os.loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

async function main(): Promise<void> {
  const admin = postgres(BASE_URL, { max: 1, onnotice: () => {} });
  const version = (await admin<{ version: string }[]>`SELECT version()`)[0]!.version;
  const settings: Record<string, string> = {};
  for (const s of ['shared_buffers', 'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'max_parallel_maintenance_workers']) {
    const [r] = await admin.unsafe<{ v: string }[]>(`SELECT current_setting('${s}') AS v`);
    settings[s] = r!.v;
  }
  const machine = machineInfo(version, settings);
  console.log('Machine:', JSON.stringify(machine, null, 2));
  log(`settings: N=${N} TRGM_N=${TRGM_N} PGLITE_N=${PGLITE_N} queries=${QUERIES} (near-dup ${SOURCES}, source stride ${STRIDE}) load budget ${LOAD_SECONDS}s`);

  let dropped = false;
  const dropDb = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  };
  const watchdog = setTimeout(() => {
    console.error(`watchdog: run exceeded ${WATCHDOG_MS / 60000} minutes; dropping ${DB_NAME} and exiting`);
    try {
      execFileSync('psql', [BASE_URL, '-c', `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`], { stdio: 'ignore' });
    } catch {
      /* best effort */
    }
    process.exit(3);
  }, WATCHDOG_MS);
  watchdog.unref();

  const chain = buildChain();
  log(`corpus: ${chain.source}; ${chain.vocab.length} distinct tokens, ${chain.seq.length} tokens`);
  const queries = buildQueries(chain);
  const fragments = buildFragments(chain);

  // 1. Fingerprint throughput.
  const fpBench = fingerprintBench(chain);
  log('fingerprintText:', JSON.stringify(fpBench));

  const results: Record<string, unknown> = {};
  const notes: string[] = [];
  let pgloadInfo: Record<string, unknown> = {};
  let minhSmall: MinhbachResult | null = null;
  let minhFull: MinhbachResult | null = null;
  let trgm: TrgmResult | null = null;
  let pglite: (MinhbachResult & { load_s: number; index_build_s: number }) | null = null;
  let hot: Record<string, unknown> = {};
  const loader = new Loader(2);
  const pgliteChunks: string[] = [];
  try {
    await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
    log(`created ${DB_NAME}`);
    const url = dbUrl(DB_NAME);
    const db = openPostgres(url);
    await migrate(db);
    await insertBaseRows(db);
    const idx = await secondaryIndexes(db);
    for (const i of idx) await db.exec(`DROP INDEX ${i.name}`);
    await db.exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.exec(`CREATE TABLE bench_trgm (id integer PRIMARY KEY, text text NOT NULL)`);
    const loadSql = postgres(url, { max: 2, onnotice: () => {} });

    // Stage A: TRGM_N rows, in both tables.
    const loadStart = performance.now();
    const copyRows = async (from: number, to: number, withTrgm: boolean, loadDeadline: number): Promise<number> => {
      const fpStream = await loadSql`COPY text_fingerprints (${loadSql.unsafe(FP_COLUMNS)}) FROM STDIN`.writable();
      const txStream = withTrgm ? await loadSql`COPY bench_trgm (id, text) FROM STDIN`.writable() : null;
      let streamErr: Error | undefined;
      fpStream.on('error', (e: Error) => (streamErr ??= e));
      txStream?.on('error', (e: Error) => (streamErr ??= e));
      let lastLog = performance.now();
      const reached = await loader.run(
        from,
        to,
        () => withTrgm,
        async (c) => {
          if (c.end <= PGLITE_N) pgliteChunks.push(c.fp);
          await writeTo(fpStream, c.fp);
          if (txStream) await writeTo(txStream, c.txt);
          if (performance.now() - lastLog > 15_000) {
            lastLog = performance.now();
            log(`  loading… ${loader.fpRows} rows fingerprinted`);
          }
        },
        loadDeadline,
      );
      if (streamErr) throw streamErr;
      await endStream(fpStream);
      if (txStream) await endStream(txStream);
      return reached;
    };
    let t = performance.now();
    const nA = await copyRows(0, TRGM_N, true, loadStart + LOAD_SECONDS * 1000);
    const loadA = (performance.now() - t) / 1000;
    log(`stage A: loaded ${nA} rows (fingerprints + texts) in ${loadA.toFixed(1)}s = ${Math.round(nA / loadA)} rows/s`);

    const buildIndexes = async (): Promise<number> => {
      const t1 = performance.now();
      await db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL maintenance_work_mem = '1GB'`);
        for (const i of idx) await tx.exec(i.def);
        await tx.exec(COUNT_WINNOW_KEYS);
      });
      await db.exec('ANALYZE text_fingerprints; ANALYZE winnow_key_counts');
      return (performance.now() - t1) / 1000;
    };
    let ib = await buildIndexes();
    log(`stage A: text_fingerprints indexes built in ${ib.toFixed(1)}s`);
    t = performance.now();
    await db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL maintenance_work_mem = '1GB'`);
      await tx.exec(`CREATE INDEX bench_trgm_text_idx ON bench_trgm USING gin (text gin_trgm_ops)`);
    });
    await db.exec('ANALYZE bench_trgm');
    const trgmIb = (performance.now() - t) / 1000;
    log(`stage A: pg_trgm GIN index built in ${trgmIb.toFixed(1)}s`);

    minhSmall = await measureMinhbach(db, 'postgresql', nA, queries, fragments);
    log(`minhbach @${nA}: p50 ${minhSmall.end_to_end_ms.p50} ms, p99 ${minhSmall.end_to_end_ms.p99} ms, recall ${minhSmall.recall}`);
    log(`fragments @${nA}: ${JSON.stringify({ ...minhSmall.fragments, plan: undefined })}`);
    await admin.unsafe(`ALTER DATABASE ${DB_NAME} SET pg_trgm.similarity_threshold = ${TRGM_THRESHOLD}`);
    const trgmSql = postgres(url, { max: 1, onnotice: () => {} });
    trgm = await measureTrgm(trgmSql, nA, queries, trgmIb);
    await trgmSql.end({ timeout: 5 });
    log(`pg_trgm @${nA}: p50 ${trgm.ms.p50} ms, p99 ${trgm.ms.p99} ms, recall ${trgm.recall} (${trgm.queries} queries${trgm.stopped_by_time_cap ? ', time cap' : ''})`);
    await db.exec('DROP TABLE bench_trgm');

    // PGlite stage (rows kept from stage A).
    if (PGLITE_N > 0) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'minhbach-bench-pglite-'));
      try {
        const stored = Math.min(PGLITE_N, pgliteChunks.length * CHUNK);
        let pdb = await openPglite(dir);
        await migrate(pdb);
        await insertBaseRows(pdb);
        for (const i of idx) await pdb.exec(`DROP INDEX ${i.name}`);
        await pdb.close();
        const raw = await PGlite.create({ dataDir: dir });
        t = performance.now();
        for (let i = 0; i < pgliteChunks.length; i += 10) {
          await raw.query(`COPY text_fingerprints (${FP_COLUMNS}) FROM '/dev/blob'`, [], { blob: new Blob([pgliteChunks.slice(i, i + 10).join('')]) });
        }
        const pLoad = (performance.now() - t) / 1000;
        t = performance.now();
        await raw.exec(`SET maintenance_work_mem = '512MB'`);
        for (const i of idx) await raw.exec(i.def);
        await raw.exec(COUNT_WINNOW_KEYS);
        await raw.exec('ANALYZE text_fingerprints; ANALYZE winnow_key_counts');
        const pIb = (performance.now() - t) / 1000;
        await raw.close();
        pgliteChunks.length = 0;
        log(`PGlite: loaded ${stored} rows in ${pLoad.toFixed(1)}s, indexes in ${pIb.toFixed(1)}s`);
        pdb = await openPglite(dir);
        const r = await measureMinhbach(pdb, 'pglite', stored, queries, fragments);
        pglite = { ...r, load_s: Math.round(pLoad * 10) / 10, index_build_s: Math.round(pIb * 10) / 10 };
        await pdb.close();
        log(`minhbach PGlite @${stored}: p50 ${r.end_to_end_ms.p50} ms, p99 ${r.end_to_end_ms.p99} ms, recall ${r.recall}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    // Stage B: the rest, up to N or the load budget.
    let nB = nA;
    let loadB = 0;
    let ibB = 0;
    if (N > nA && loadA < LOAD_SECONDS) {
      for (const i of idx) await db.exec(`DROP INDEX ${i.name}`);
      t = performance.now();
      nB = await copyRows(nA, N, false, performance.now() + (LOAD_SECONDS - loadA) * 1000);
      loadB = (performance.now() - t) / 1000;
      log(`stage B: loaded ${nB - nA} more rows in ${loadB.toFixed(1)}s = ${Math.round((nB - nA) / loadB)} rows/s; total ${nB}`);
      ibB = await buildIndexes();
      log(`stage B: indexes built in ${ibB.toFixed(1)}s`);
      minhFull = await measureMinhbach(db, 'postgresql', nB, queries, fragments);
      log(`minhbach @${nB}: p50 ${minhFull.end_to_end_ms.p50} ms, p99 ${minhFull.end_to_end_ms.p99} ms, recall ${minhFull.recall}`);
      log(`fragments @${nB}: ${JSON.stringify({ ...minhFull.fragments, plan: undefined })}`);
    } else minhFull = minhSmall;
    if (nB < N)
      notes.push(
        `Loading ${N.toLocaleString('en')} rows did not fit the ${LOAD_SECONDS}s load budget on this machine: PostgreSQL was measured at N = ${nB.toLocaleString('en')}, the rows loaded within it.`,
      );
    const [sizes] = await loadSql<
      { t: string; g: string; w: string; kpr: string }[]
    >`SELECT pg_total_relation_size('text_fingerprints') AS t, pg_relation_size('text_fingerprints_bands_idx') AS g,
      pg_relation_size('text_fingerprints_winnow_idx') AS w, (SELECT avg(cardinality(winnow_keys)) FROM text_fingerprints TABLESAMPLE SYSTEM (1) REPEATABLE (7)) AS kpr`;
    pgloadInfo = {
      requested_n: N,
      loaded_n: nB,
      load_budget_s: LOAD_SECONDS,
      stage_a: { rows: nA, seconds: Math.round(loadA * 10) / 10, rows_per_s: Math.round(nA / loadA), with_trgm_texts: true, index_build_s: Math.round(ib * 10) / 10 },
      stage_b: { rows: nB - nA, seconds: Math.round(loadB * 10) / 10, rows_per_s: loadB ? Math.round((nB - nA) / loadB) : null, index_build_s: Math.round(ibB * 10) / 10 },
      worker_fingerprint_per_core_per_s: Math.round(loader.fpRows / (loader.fpMs / 1000)),
      table_total_mb: Math.round(Number(sizes!.t) / 1e6),
      gin_index_mb: Math.round(Number(sizes!.g) / 1e6),
      winnow_gin_index_mb: Math.round(Number(sizes!.w) / 1e6),
      winnow_keys_per_row: Math.round(Number(sizes!.kpr) * 10) / 10,
      indexes: idx.map((i) => i.def),
      method:
        'COPY FROM STDIN (postgres-js writable), 2 fingerprinting worker threads; secondary indexes dropped during the load and re-created (same definitions) after it, maintenance_work_mem=1GB for the build',
    };

    // Hot band buckets: a 5% sample of rows, counted per band key, scaled up.
    t = performance.now();
    const hotRows = await loadSql<{ k: string; n: string }[]>`
      SELECT k::text AS k, count(*) AS n FROM (SELECT unnest(band_keys) AS k FROM text_fingerprints TABLESAMPLE SYSTEM (5) REPEATABLE (7)) s
      GROUP BY k HAVING count(*) > 1 ORDER BY count(*) DESC LIMIT 10`;
    const [sampled] = await loadSql<{ n: string }[]>`SELECT count(*) AS n FROM text_fingerprints TABLESAMPLE SYSTEM (5) REPEATABLE (7)`;
    hot = {
      sample_rows: Number(sampled!.n),
      top_keys_in_sample: hotRows.map((r) => ({ key: r.k, rows_in_sample: Number(r.n), est_rows: Math.round(Number(r.n) * (nB / Math.max(1, Number(sampled!.n)))) })),
      seconds: Math.round((performance.now() - t) / 100) / 10,
      winnow_keys: (
        await loadSql<{ keys: string; common: string; max: string }[]>`
          SELECT count(*) AS keys, count(*) FILTER (WHERE texts >= ${WINNOW_KEY_MAX_POSTINGS}) AS common, max(texts) AS max FROM winnow_key_counts`
      ).map((r) => ({ distinct_keys: Number(r.keys), skipped_as_common: Number(r.common), most_texts_per_key: Number(r.max), skip_at: WINNOW_KEY_MAX_POSTINGS }))[0],
    };
    log('hot buckets:', JSON.stringify(hot));
    await loadSql.end({ timeout: 5 });
    await db.close();
  } finally {
    await loader.close();
    await dropDb();
    log(`dropped ${DB_NAME}`);
    await admin.end({ timeout: 5 });
  }

  // ---------------------------------------------------------------------------------------------
  // Goals and reports.
  const fpPerCore = fpBench.per_core_per_s as number;
  const goals = [
    {
      goal: 'fingerprintText ≥ 5,000 posts/s per core (~100 syllables)',
      value: `${fpPerCore.toLocaleString('en')}/s`,
      pass: fpPerCore >= 5000,
      short: fpPerCore >= 5000 ? '' : `${Math.round((1 - fpPerCore / 5000) * 100)}% short (${(5000 / fpPerCore).toFixed(2)}× needed)`,
    },
    {
      goal: `PostgreSQL lookup p99 ≤ 5 ms end to end at N = ${minhFull!.stored.toLocaleString('en')}${minhFull!.stored < N ? ` (requested ${N.toLocaleString('en')})` : ''}`,
      value: `p99 ${minhFull!.end_to_end_ms.p99} ms`,
      pass: minhFull!.end_to_end_ms.p99 <= 5 && minhFull!.stored >= N,
      short:
        minhFull!.end_to_end_ms.p99 > 5
          ? `${(minhFull!.end_to_end_ms.p99 - 5).toFixed(2)} ms over`
          : minhFull!.stored < N
            ? `N reached ${minhFull!.stored.toLocaleString('en')} of ${N.toLocaleString('en')} within the load budget`
            : '',
    },
    {
      goal: `minhbach ≥ 10× faster than pg_trgm at equal or better recall (N = ${trgm!.stored.toLocaleString('en')})`,
      value: `p50 ${(trgm!.ms.p50 / minhSmall!.end_to_end_ms.p50).toFixed(1)}×, p99 ${(trgm!.ms.p99 / minhSmall!.end_to_end_ms.p99).toFixed(1)}×; recall ${minhSmall!.recall} vs ${trgm!.recall}`,
      pass: trgm!.ms.p50 / minhSmall!.end_to_end_ms.p50 >= 10 && trgm!.ms.p99 / minhSmall!.end_to_end_ms.p99 >= 10 && minhSmall!.recall >= trgm!.recall,
      short: '',
    },
  ];
  const frag = minhFull!.fragments;
  goals.push({
    goal: `Fragment lookup (35–60% of a stored text, alone or quoted; winnowing) p99 ≤ 10 ms end to end at N = ${minhFull!.stored.toLocaleString('en')}${minhFull!.stored < N ? ` (requested ${N.toLocaleString('en')})` : ''}`,
    value: `p50 ${frag.end_to_end_ms.p50} ms, p99 ${frag.end_to_end_ms.p99} ms; recall ${frag.recall} (${Object.entries(frag.recall_by_kind)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
    pass: frag.end_to_end_ms.p99 <= 10 && minhFull!.stored >= N,
    short: frag.end_to_end_ms.p99 > 10 ? `${(frag.end_to_end_ms.p99 - 10).toFixed(2)} ms over` : minhFull!.stored < N ? `N reached ${minhFull!.stored.toLocaleString('en')}` : '',
  });
  if (!goals[2]!.pass) goals[2]!.short = minhSmall!.recall < trgm!.recall ? 'recall lower' : 'speed-up under 10×';
  if (trgm!.stored < (minhFull?.stored ?? 0))
    notes.push(
      `pg_trgm was measured at N = ${trgm!.stored.toLocaleString('en')} (BENCH_TRGM_N), and minhbach at that same N for the comparison: storing and indexing ${N.toLocaleString('en')} full texts for pg_trgm as well would not fit the 10-minute run on this machine.`,
    );

  Object.assign(results, {
    date: new Date().toISOString(),
    machine,
    settings: { N, TRGM_N, PGLITE_N, QUERIES, near_dup_queries: SOURCES, LOAD_SECONDS, TRGM_SECONDS, TRGM_THRESHOLD, SEED, corpus: chain.source, variants: VARIANTS },
    fingerprint: fpBench,
    postgres_load: pgloadInfo,
    minhbach_postgres_full: minhFull,
    minhbach_postgres_at_trgm_n: minhSmall,
    pg_trgm: trgm,
    minhbach_pglite: pglite,
    hot_band_buckets: hot,
    goals,
    notes,
    total_seconds: Math.round((performance.now() - T0) / 1000),
  });
  machine.load_average_at_end = os.loadavg().map((x) => Math.round(x * 10) / 10);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'match-speed.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(path.join(RESULTS, 'match-speed.md'), markdown(results as never, goals, notes, fpBench, minhFull!, minhSmall!, trgm!, pglite, pgloadInfo, hot, machine));
  console.log('\n' + markdown(results as never, goals, notes, fpBench, minhFull!, minhSmall!, trgm!, pglite, pgloadInfo, hot, machine));
  log(`wrote ${path.join(RESULTS, 'match-speed.{json,md}')}`);
}

function markdown(
  r: { date: string; total_seconds: number; settings: { corpus: string } },
  goals: { goal: string; value: string; pass: boolean; short: string }[],
  notes: string[],
  fp: Record<string, unknown>,
  full: MinhbachResult,
  small: MinhbachResult,
  trgm: TrgmResult,
  pglite: (MinhbachResult & { load_s: number; index_build_s: number }) | null,
  load: Record<string, unknown>,
  hot: Record<string, unknown>,
  machine: Record<string, unknown>,
): string {
  const row = (name: string, m: MinhbachResult): string =>
    `| ${name} | ${m.stored.toLocaleString('en')} | ${m.end_to_end_ms.n}${m.stopped_by_time_cap ? ' (time cap)' : ''} | ${m.end_to_end_ms.p50} | ${m.end_to_end_ms.p99} | ${m.end_to_end_ms.max} | ${m.recall} | ${m.unrelated_false_matches} | ${m.candidates.p50} / ${m.candidates.p99} / ${m.candidates.max} |`;
  const bd = (name: string, m: MinhbachResult): string =>
    `| ${name} | ${m.breakdown_ms.fingerprint.p50} / ${m.breakdown_ms.fingerprint.p99} | ${m.breakdown_ms.find_candidates_sql.p50} / ${m.breakdown_ms.find_candidates_sql.p99} | ${m.breakdown_ms.verify.p50} / ${m.breakdown_ms.verify.p99} | ${m.breakdown_ms.find_cases_sql.p50} / ${m.breakdown_ms.find_cases_sql.p99} |`;
  const lines = [
    `# Text-matching speed (\`npm run bench:match-speed\`)`,
    '',
    `Date: ${r.date}. Run time: ${r.total_seconds}s. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gb} GB, Node ${machine.node}, ${String(machine.postgres).split(' on ')[0]} (${Object.entries(
      machine.postgres_settings as object,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}).`,
    `Load average (1, 5, 15 min) of the machine at the start: ${String(machine.load_average_at_start)}; at the end: ${String(machine.load_average_at_end)} (2 cores: above 2, other processes share the CPU and every latency here is inflated).`,
    `Corpus: ${r.settings.corpus}; posts are a Markov-chain walk of 100 tokens (≈100 syllables).`,
    '',
    '## Goals',
    '',
    '| Goal | Measured | Result | Shortfall |',
    '|---|---|---|---|',
    ...goals.map((g) => `| ${g.goal} | ${g.value} | ${g.pass ? 'PASS' : 'FAIL'} | ${g.short || '—'} |`),
    '',
    ...(notes.length ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
    '## fingerprintText throughput (1 core, main thread)',
    '',
    `${(fp.per_core_per_s as number).toLocaleString('en')} posts/s per core (${fp.us_per_post} µs per post); in the 2 loader workers (sharing the 2 cores with PostgreSQL) ${load.worker_fingerprint_per_core_per_s} posts/s per worker.`,
    `Step breakdown, µs per post: ${Object.entries(fp.breakdown_us as object)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
    '## Lookup latency (end to end = matchContent: fingerprint + candidates SQL + exact Jaccard + cases SQL), ms',
    '',
    '| Engine | Stored | Queries | p50 | p99 | max | Recall (near-dup, ≥ 0.6) | Unrelated with a match | Candidates p50 / p99 / max |',
    '|---|---|---|---|---|---|---|---|---|',
    row('PostgreSQL', full),
    ...(small !== full ? [row('PostgreSQL (pg_trgm N)', small)] : []),
    ...(pglite ? [row('PGlite', pglite)] : []),
    `| pg_trgm (\`text % $1\`, threshold ${trgm.threshold}, top 10) | ${trgm.stored.toLocaleString('en')} | ${trgm.queries}${trgm.stopped_by_time_cap ? ' (time cap)' : ''} | ${trgm.ms.p50} | ${trgm.ms.p99} | ${trgm.ms.max} | ${trgm.recall} (of ${trgm.near_dup_queries}) | — | — |`,
    '',
    'Breakdown (instrumented second pass, same steps), ms p50 / p99:',
    '',
    '| Engine | fingerprintText | findTextCandidates SQL | verify (Jaccard) | findCasesByIds SQL |',
    '|---|---|---|---|---|',
    bd('PostgreSQL', full),
    ...(small !== full ? [bd('PostgreSQL (pg_trgm N)', small)] : []),
    ...(pglite ? [bd('PGlite', pglite)] : []),
    '',
    '## Fragment lookups (partial reposts, winnowing), end to end ms',
    '',
    `${full.fragments.queries} queries per engine: a 35 % or 50 % cut (head, middle or tail) of a stored post, or a 35–60 % fragment of it quoted inside commentary that is not stored; every other one with its diacritics stripped.`,
    '',
    '| Engine | Stored | Queries | p50 | p99 | max | Recall | Recall by kind | Also matched another case | Candidates p50 / p99 / max | candidates SQL p50 / p99 |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...([['PostgreSQL', full], ...(small !== full ? [['PostgreSQL (pg_trgm N)', small]] : []), ...(pglite ? [['PGlite', pglite]] : [])] as [string, MinhbachResult][]).map(
      ([name, m]) =>
        `| ${name} | ${m.stored.toLocaleString('en')} | ${m.fragments.queries}${m.fragments.stopped_by_time_cap ? ' (time cap)' : ''} | ${m.fragments.end_to_end_ms.p50} | ${m.fragments.end_to_end_ms.p99} | ${m.fragments.end_to_end_ms.max} | ${m.fragments.recall} | ${Object.entries(
          m.fragments.recall_by_kind,
        )
          .map(([k, v]) => `${k} ${v}`)
          .join(
            ', ',
          )} | ${m.fragments.with_other_match} | ${m.fragments.candidates.p50} / ${m.fragments.candidates.p99} / ${m.fragments.candidates.max} | ${m.fragments.find_candidates_sql_ms.p50} / ${m.fragments.find_candidates_sql_ms.p99} |`,
    ),
    '',
    'The candidate query (`findTextCandidates`: exact keys, LSH bands, winnowing) for one fragment query, PostgreSQL at full N:',
    '',
    '```',
    full.fragments.plan,
    '```',
    '',
    'Recall by variant (minhbach PostgreSQL full / pg_trgm):',
    '',
    '| Variant | minhbach | pg_trgm |',
    '|---|---|---|',
    ...Object.keys(full.recall_by_variant).map((v) => `| ${v} | ${full.recall_by_variant[v]} | ${trgm.recall_by_variant[v]} |`),
    '',
    '## Loading',
    '',
    '```json',
    JSON.stringify(load, null, 2),
    '```',
    '',
    pglite ? `PGlite: ${pglite.stored.toLocaleString('en')} rows loaded by COPY in ${pglite.load_s}s, indexes built in ${pglite.index_build_s}s.` : '',
    `pg_trgm: GIN (gin_trgm_ops) built in ${trgm.index_build_s.toFixed(1)}s; table ${trgm.table_mb} MB, index ${trgm.index_mb} MB.`,
    '',
    '## Query plans (one near-duplicate query)',
    '',
    ...[
      ['PostgreSQL minhbach', full.plan],
      ['PGlite minhbach', pglite?.plan ?? ''],
      ['pg_trgm', trgm.plan],
    ].flatMap(([k, v]) => [`${k}:`, '', '```', v, '```', '']),
    '## Hot band buckets (5% sample) and winnow keys',
    '',
    '```json',
    JSON.stringify(hot, null, 2),
    '```',
    '',
  ];
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
