/**
 * Match-quality evaluation of minhbach's text matching (`npm run bench:match-quality`).
 *
 * Builds a labelled set from real Vietnamese texts in ../shared (VFND + the five context
 * articles; see data.ts), makes one perturbed copy of every source text per perturbation
 * (perturb.ts), and scores every pair with minhbach's own code: `compareFingerprints` on
 * `fingerprintText` of both, its level. Positives are (original, perturbed copy);
 * negatives are unrelated pairs (random texts from other sites, an original against a perturbed
 * copy of another text) and hard negatives (other texts from the same site, other paragraphs of
 * the same article). Also runs the LSH candidate step on an in-memory band index of the
 * originals, and the pg_trgm `similarity()` baseline in PostgreSQL (a fresh database
 * `minhbach_mq_<random>`, dropped afterwards).
 *
 * Goal (from the issue): recall ≥ 0.95 at precision ≥ 0.99 for duplicates. Judged per
 * perturbation against the level the perturbation is meant to reach (perturb.ts `intended`).
 *
 * Environment: MQ_SEED (default 20251101), MQ_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test), MQ_SKIP_PG=1, MQ_SHARED (default ../shared),
 * MQ_RESULTS_DIR (default bench/results).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import {
  compareFingerprints,
  CONTAINED_AT,
  DUPLICATE_AT,
  fingerprintText,
  matchLevel,
  MIN_CONTAINED_SHINGLES,
  MIN_PASSAGE_SHINGLES,
  PASSAGE_AT,
  PASSAGE_RUN,
  SIMILAR_AT,
  MATCH_SCHEME,
  type TextFingerprint,
} from '../../src/core/text-fingerprint.ts';
import { normalizeVietnamese } from '../../src/core/vietnamese-normalize.ts';
import { dedupeSources, loadSources, vocabulary, type SourceText } from './data.ts';
import { PERTURBATIONS, Rng, type Perturbation } from './perturb.ts';
import { evaluateFragments, renderFragments } from './fragments.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.resolve(ROOT, process.env.MQ_SHARED || '../shared');
const RESULTS = path.resolve(ROOT, process.env.MQ_RESULTS_DIR || 'bench/results');
const SEED = Number(process.env.MQ_SEED || 20_251_101) >>> 0;
const DB_URL = process.env.MQ_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const SKIP_PG = process.env.MQ_SKIP_PG === '1';
const RECALL_GOAL = 0.95;
const PRECISION_GOAL = 0.99;
const RANDOM_NEGATIVES_PER_TEXT = 4;
const CROSS_NEGATIVES_PER_TEXT = 4;
const HARD_NEGATIVES_PER_TEXT = 4;
const started = performance.now();

// ---------------------------------------------------------------------------------------------
// Machine info first.

const machine = {
  cpus: os.cpus().length,
  cpu_model: os.cpus()[0]?.model ?? 'unknown',
  memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
};
console.log(`machine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GiB, node ${machine.node}, ${machine.platform}`);

const loaded = existsSync(SHARED) ? loadSources(SHARED) : null;
if (!loaded || loaded.texts.length === 0) {
  console.log(`match-quality: no evaluation data: ${SHARED} (corpus/vfnd, context/articles) is absent. Nothing to evaluate; exiting.`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Data set.

const { kept: texts, dropped } = dedupeSources(loaded.texts);
const vocab = vocabulary(texts);
const rng = new Rng(SEED);
console.log(
  `data: ${loaded.vfndFiles} VFND files → ${loaded.texts.length - loaded.articleParagraphs} texts (rejected: ${loaded.vfndRejected.tooShort} under 30 syllables, ` +
    `${loaded.vfndRejected.noText} without text, ${loaded.vfndRejected.badJson} bad JSON); ${loaded.articleParagraphs} article paragraphs; ` +
    `${dropped.length} near-identical sources dropped → ${texts.length} source texts (${texts.filter((t) => t.cut).length} cut to ~150 syllables)`,
);

type PairKind = 'positive' | 'negative-random' | 'negative-cross' | 'negative-hard';
interface Pair {
  kind: PairKind;
  /** Perturbation id for positives. */
  perturbation: string | null;
  /** The stored text (candidate). */
  a: string;
  /** The incoming text (query). */
  b: string;
  aId: number;
  bId: number;
  minhbach: number;
  level: 'duplicate' | 'similar' | null;
  jaccard: number;
  containment: number;
  trgm: number | null;
  trgmNormalized: number | null;
}

const pairs: Pair[] = [];
const variants = new Map<number, string[]>(); // source id → perturbed copies (for cross negatives)
const notApplicable: Record<string, number> = {};
const mk = (kind: PairKind, perturbation: string | null, a: SourceText, b: string, bId: number): Pair => ({
  kind,
  perturbation,
  a: a.text,
  b,
  aId: a.id,
  bId,
  minhbach: 0,
  level: null,
  jaccard: 0,
  containment: 0,
  trgm: null,
  trgmNormalized: null,
});

for (const t of texts) {
  for (const p of PERTURBATIONS) {
    const copy = p.apply(t.text, { rng, vocabulary: vocab });
    if (copy === t.text) {
      notApplicable[p.id] = (notApplicable[p.id] ?? 0) + 1;
      continue;
    }
    pairs.push(mk('positive', p.id, t, copy, t.id));
    const list = variants.get(t.id) ?? [];
    list.push(copy);
    variants.set(t.id, list);
  }
}

const byGroup = new Map<string, SourceText[]>();
for (const t of texts) byGroup.set(t.group, [...(byGroup.get(t.group) ?? []), t]);
const seenNeg = new Set<string>();
const addNeg = (kind: PairKind, a: SourceText, b: SourceText, bText: string): boolean => {
  const key = kind === 'negative-cross' ? `${kind}:${a.id}:${b.id}` : `${Math.min(a.id, b.id)}:${Math.max(a.id, b.id)}:${kind === 'negative-hard' ? 'h' : 'r'}`;
  if (a.id === b.id || seenNeg.has(key)) return false;
  seenNeg.add(key);
  pairs.push(mk(kind, null, a, bText, b.id));
  return true;
};
for (const t of texts) {
  for (let n = 0, tries = 0; n < RANDOM_NEGATIVES_PER_TEXT && tries < 50; tries++) {
    const o = rng.pick(texts);
    if (o.group !== t.group && addNeg('negative-random', t, o, o.text)) n++;
  }
  for (let n = 0, tries = 0; n < CROSS_NEGATIVES_PER_TEXT && tries < 50; tries++) {
    const o = rng.pick(texts);
    const vs = variants.get(o.id);
    if (o.id !== t.id && vs && vs.length > 0 && addNeg('negative-cross', t, o, rng.pick(vs))) n++;
  }
  const same = (byGroup.get(t.group) ?? []).filter((o) => o.id !== t.id);
  rng.shuffle(same);
  for (let n = 0, k = 0; n < HARD_NEGATIVES_PER_TEXT && k < same.length; k++) if (addNeg('negative-hard', t, same[k]!, same[k]!.text)) n++;
}
const positives = pairs.filter((p) => p.kind === 'positive');
const negatives = pairs.filter((p) => p.kind !== 'positive');
console.log(`pairs: ${positives.length} positives, ${negatives.length} negatives (${countBy(negatives, (p) => p.kind)})`);

function countBy<T>(xs: readonly T[], f: (x: T) => string): string {
  const m = new Map<string, number>();
  for (const x of xs) m.set(f(x), (m.get(f(x)) ?? 0) + 1);
  return [...m].map(([k, v]) => `${k} ${v}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// minhbach scores.

const fpCache = new Map<string, TextFingerprint | null>();
const fp = (s: string): TextFingerprint | null => {
  let f = fpCache.get(s);
  if (f === undefined) {
    f = fingerprintText(s);
    fpCache.set(s, f);
  }
  return f;
};
const tScore = performance.now();
for (const p of pairs) {
  const fa = fp(p.a);
  const fb = fp(p.b);
  if (!fa || !fb) continue;
  const cmp = compareFingerprints(fb, fa);
  p.minhbach = cmp.score;
  p.level = cmp.level;
  const sa = new Set(fa.shingles);
  const sb = new Set(fb.shingles);
  let inter = 0;
  for (const x of sb) if (sa.has(x)) inter++;
  p.jaccard = sa.size && sb.size ? inter / (sa.size + sb.size - inter) : 0;
  p.containment = sa.size && sb.size ? inter / Math.min(sa.size, sb.size) : 0;
}
const scoreMs = performance.now() - tScore;
console.log(`minhbach: ${fpCache.size} fingerprints, ${pairs.length} pairs scored in ${Math.round(scoreMs)} ms`);

// ---------------------------------------------------------------------------------------------
// LSH candidate step: in-memory band index of the originals (Map band key → ids), as the
// production query: band overlap, or an equal normalized/stripped hash.

const bandIndex = new Map<string, number[]>();
const hashIndex = new Map<string, number[]>();
const push = (m: Map<string, number[]>, k: string, id: number): void => {
  const l = m.get(k);
  if (l) l.push(id);
  else m.set(k, [id]);
};
for (const t of texts) {
  const f = fp(t.text);
  if (!f) continue;
  for (const k of f.band_keys) push(bandIndex, k, t.id);
  push(hashIndex, 'n' + f.normalized_hash, t.id);
  push(hashIndex, 's' + f.stripped_hash, t.id);
}
interface LshResult {
  band: boolean;
  bandOrHash: boolean;
  spurious: number;
}
const lsh = new Map<Pair, LshResult>();
for (const p of positives) {
  const f = fp(p.b);
  const band = new Set<number>();
  const all = new Set<number>();
  if (f) {
    for (const k of f.band_keys) for (const id of bandIndex.get(k) ?? []) band.add(id);
    for (const id of band) all.add(id);
    for (const id of hashIndex.get('n' + f.normalized_hash) ?? []) all.add(id);
    for (const id of hashIndex.get('s' + f.stripped_hash) ?? []) all.add(id);
  }
  lsh.set(p, { band: band.has(p.aId), bandOrHash: all.has(p.aId), spurious: [...all].filter((id) => id !== p.aId).length });
}

// ---------------------------------------------------------------------------------------------
// pg_trgm baseline.

interface PgInfo {
  available: boolean;
  note: string;
  version?: string;
  lc_ctype?: string;
  ms?: number;
}
const pg: PgInfo = SKIP_PG ? { available: false, note: 'skipped (MQ_SKIP_PG=1)' } : await runPgTrgm();

async function runPgTrgm(): Promise<PgInfo> {
  const dbName = `minhbach_mq_${randomBytes(5).toString('hex')}`;
  const admin = postgres(DB_URL, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  let created = false;
  try {
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    created = true;
    const url = new URL(DB_URL);
    url.pathname = '/' + dbName;
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      try {
        await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`;
      } catch (e) {
        return { available: false, note: `pg_trgm unavailable: ${(e as Error).message}` };
      }
      const [info] = await sql<{ version: string; lc_ctype: string }[]>`SELECT current_setting('server_version') AS version, current_setting('lc_ctype') AS lc_ctype`;
      const t0 = performance.now();
      const normCache = new Map<string, string>();
      const norm = (s: string): string => {
        let n = normCache.get(s);
        if (n === undefined) {
          n = normalizeVietnamese(s).stripped;
          normCache.set(s, n);
        }
        return n;
      };
      const CHUNK = 1000;
      for (let i = 0; i < pairs.length; i += CHUNK) {
        const chunk = pairs.slice(i, i + CHUNK);
        const rows = await sql<{ s: number; n: number }[]>`
          SELECT similarity(a, b)::float8 AS s, similarity(na, nb)::float8 AS n
          FROM unnest(${chunk.map((p) => p.a)}::text[], ${chunk.map((p) => p.b)}::text[],
                      ${chunk.map((p) => norm(p.a))}::text[], ${chunk.map((p) => norm(p.b))}::text[])
               WITH ORDINALITY AS t(a, b, na, nb, ord)
          ORDER BY ord`;
        rows.forEach((r, k) => {
          const p = chunk[k]!;
          p.trgm = r.s;
          p.trgmNormalized = r.n;
        });
      }
      return { available: true, note: `fresh database ${dbName}, dropped afterwards`, version: info?.version, lc_ctype: info?.lc_ctype, ms: Math.round(performance.now() - t0) };
    } finally {
      await sql.end({ timeout: 5 });
    }
  } catch (e) {
    return { available: false, note: `PostgreSQL baseline failed: ${(e as Error).message}` };
  } finally {
    if (created) await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: Error) => console.error(`could not drop ${dbName}: ${e.message}`));
    await admin.end({ timeout: 5 });
  }
}
console.log(pg.available ? `pg_trgm: PostgreSQL ${pg.version}, lc_ctype ${pg.lc_ctype}, ${pairs.length} pairs in ${pg.ms} ms` : `pg_trgm: ${pg.note}`);

// ---------------------------------------------------------------------------------------------
// Metrics.

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;
const rate = (n: number, d: number): number | null => (d === 0 ? null : round(n / d));
const intendedDup = new Set(PERTURBATIONS.filter((p) => p.intended === 'duplicate' && !p.extra).map((p) => p.id));

type Scorer = (p: Pair) => number | null;
const scorers: Record<string, Scorer> = {
  minhbach: (p) => p.minhbach,
  pg_trgm: (p) => p.trgm,
  pg_trgm_on_minhbach_normal_form: (p) => p.trgmNormalized,
  minhbach_containment: (p) => p.containment,
};

interface AtThreshold {
  threshold: number;
  tp: number;
  fp: number;
  precision: number | null;
  recall_all_positives: number | null;
  recall_intended_duplicates: number | null;
  f1: number | null;
}
function at(score: Scorer, t: number): AtThreshold {
  let tp = 0,
    fp = 0,
    tpDup = 0,
    nDup = 0;
  for (const p of positives) {
    const s = score(p) ?? 0;
    if (s >= t) tp++;
    if (p.perturbation && intendedDup.has(p.perturbation)) {
      nDup++;
      if (s >= t) tpDup++;
    }
  }
  for (const p of negatives) if ((score(p) ?? 0) >= t) fp++;
  const precision = rate(tp, tp + fp);
  const recall = rate(tp, positives.length);
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? round((2 * precision * recall) / (precision + recall)) : null;
  return { threshold: t, tp, fp, precision, recall_all_positives: recall, recall_intended_duplicates: rate(tpDup, nDup), f1 };
}

/**
 * Best threshold chosen ON THIS DATA: maximize recall on the perturbations meant to be duplicates
 * among thresholds with precision ≥ 0.99; ties: higher precision; remaining ties: the median of
 * the tied thresholds (the middle of the plateau, not its edge). If no threshold reaches 0.99:
 * max F1.
 */
function bestThreshold(score: Scorer): AtThreshold & { rule: string; plateau: [number, number] | null } {
  const cands = [...new Set(pairs.map((p) => round(score(p) ?? 0, 4)))].filter((x) => x > 0).sort((a, b) => a - b);
  const evals = cands.map((t) => at(score, t));
  const ok = evals.filter((r) => (r.precision ?? 0) >= PRECISION_GOAL);
  if (ok.length > 0) {
    const bestRecall = Math.max(...ok.map((r) => r.recall_intended_duplicates ?? 0));
    const atRecall = ok.filter((r) => (r.recall_intended_duplicates ?? 0) === bestRecall);
    const bestPrecision = Math.max(...atRecall.map((r) => r.precision ?? 0));
    const tied = atRecall.filter((r) => (r.precision ?? 0) === bestPrecision);
    const mid = tied[Math.floor((tied.length - 1) / 2)]!;
    return {
      ...mid,
      plateau: [tied[0]!.threshold, tied[tied.length - 1]!.threshold],
      rule: 'max recall (meant duplicates) with precision ≥ 0.99, then max precision, then the middle of the tied thresholds; chosen on this data',
    };
  }
  let f1best = evals[0] ?? at(score, 1);
  for (const r of evals) if ((r.f1 ?? 0) > (f1best.f1 ?? 0)) f1best = r;
  return { ...f1best, plateau: null, rule: 'no threshold reaches precision 0.99: max F1, chosen on this data' };
}

const scorerAvailable = (name: string): boolean => name.startsWith('minhbach') || pg.available;
const summary: Record<string, { at_duplicate: AtThreshold; at_similar: AtThreshold; best: ReturnType<typeof bestThreshold> }> = {};
for (const [name, s] of Object.entries(scorers)) {
  if (!scorerAvailable(name)) continue;
  summary[name] = { at_duplicate: at(s, DUPLICATE_AT), at_similar: at(s, SIMILAR_AT), best: bestThreshold(s) };
}
const overallPrecisionDup = summary.minhbach!.at_duplicate.precision;
const overallPrecisionSim = summary.minhbach!.at_similar.precision;

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))]!;
}

interface Row {
  id: string;
  label: string;
  intended: Perturbation['intended'];
  why: string;
  n: number;
  not_applicable: number;
  recall_duplicate: number | null;
  recall_similar: number | null;
  lsh_recall_bands: number | null;
  lsh_recall_bands_or_exact_hash: number | null;
  end_to_end_duplicate: number | null;
  spurious_candidates_per_query: number | null;
  score_min: number;
  score_p10: number;
  score_median: number;
  containment_recall_at_0_8: number | null;
  pg_trgm_recall_at_0_8: number | null;
  pg_trgm_recall_at_best: number | null;
  pg_trgm_median: number | null;
  extra: boolean;
  recall_duplicate_by_length: Record<string, string>;
  goal: 'PASS' | 'FAIL';
  goal_rule: string;
  literal_duplicate_goal: 'PASS' | 'FAIL';
}

const LENGTH_BUCKETS: [string, number, number][] = [
  ['30-59', 30, 60],
  ['60-119', 60, 120],
  ['120+', 120, Infinity],
];
const trgmBest = summary.pg_trgm?.best.threshold ?? null;
const rows: Row[] = PERTURBATIONS.map((pert) => {
  const ps = positives.filter((p) => p.perturbation === pert.id);
  const n = ps.length;
  const cnt = (f: (p: Pair) => boolean): number => ps.filter(f).length;
  const scores = ps.map((p) => p.minhbach);
  const recallDup = rate(
    cnt((p) => p.level === 'duplicate'),
    n,
  );
  const recallSim = rate(
    cnt((p) => p.level !== null),
    n,
  );
  const l = ps.map((p) => lsh.get(p)!);
  const dupOk = (recallDup ?? 0) >= RECALL_GOAL && (overallPrecisionDup ?? 0) >= PRECISION_GOAL;
  const simOk = (recallSim ?? 0) >= RECALL_GOAL && (overallPrecisionSim ?? 0) >= PRECISION_GOAL;
  return {
    id: pert.id,
    label: pert.label,
    intended: pert.intended,
    why: pert.why,
    extra: pert.extra === true,
    recall_duplicate_by_length: Object.fromEntries(
      LENGTH_BUCKETS.map(([name, lo, hi]) => {
        const b = ps.filter((p) => texts[p.aId]!.syllables >= lo && texts[p.aId]!.syllables < hi);
        return [name, b.length ? `${b.filter((p) => p.level === 'duplicate').length}/${b.length}` : '—'];
      }),
    ),
    n,
    not_applicable: notApplicable[pert.id] ?? 0,
    recall_duplicate: recallDup,
    recall_similar: recallSim,
    lsh_recall_bands: rate(l.filter((x) => x.band).length, n),
    lsh_recall_bands_or_exact_hash: rate(l.filter((x) => x.bandOrHash).length, n),
    end_to_end_duplicate: rate(ps.filter((p) => lsh.get(p)!.bandOrHash && p.level === 'duplicate').length, n),
    spurious_candidates_per_query: n ? round(l.reduce((s, x) => s + x.spurious, 0) / n, 2) : null,
    score_min: round(Math.min(...scores)),
    score_p10: round(quantile(scores, 0.1)),
    score_median: round(quantile(scores, 0.5)),
    containment_recall_at_0_8: rate(
      cnt((p) => p.containment >= DUPLICATE_AT),
      n,
    ),
    pg_trgm_recall_at_0_8: pg.available
      ? rate(
          cnt((p) => (p.trgm ?? 0) >= 0.8),
          n,
        )
      : null,
    pg_trgm_recall_at_best:
      pg.available && trgmBest !== null
        ? rate(
            cnt((p) => (p.trgm ?? 0) >= trgmBest),
            n,
          )
        : null,
    pg_trgm_median: pg.available
      ? round(
          quantile(
            ps.map((p) => p.trgm ?? 0),
            0.5,
          ),
        )
      : null,
    goal: pert.intended === 'duplicate' ? (dupOk ? 'PASS' : 'FAIL') : simOk ? 'PASS' : 'FAIL',
    goal_rule:
      pert.intended === 'duplicate'
        ? `recall at ${DUPLICATE_AT} ≥ ${RECALL_GOAL}, precision ≥ ${PRECISION_GOAL}`
        : `meant to be "similar": recall at ${SIMILAR_AT} ≥ ${RECALL_GOAL}, precision at ${SIMILAR_AT} ≥ ${PRECISION_GOAL}`,
    literal_duplicate_goal: dupOk ? 'PASS' : 'FAIL',
  };
});

// Failures explained: the lowest-scoring positives of failing perturbations, and top negatives.
const snippet = (s: string, n = 140): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > n ? flat.slice(0, n) + '…' : flat).slice(1, -1);
};
const misses = rows
  .filter((r) => r.goal === 'FAIL')
  .map((r) => {
    const ps = positives.filter((p) => p.perturbation === r.id && (r.intended === 'duplicate' ? p.level !== 'duplicate' : p.level === null));
    const bySyl = (lo: number, hi: number): number =>
      ps.filter((p) => {
        const s = texts[p.aId]!.syllables;
        return s >= lo && s < hi;
      }).length;
    const all = positives.filter((p) => p.perturbation === r.id);
    const totBy = (lo: number, hi: number): number =>
      all.filter((p) => {
        const s = texts[p.aId]!.syllables;
        return s >= lo && s < hi;
      }).length;
    return {
      id: r.id,
      missed: ps.length,
      by_length: { '30-59': `${bySyl(30, 60)}/${totBy(30, 60)}`, '60-119': `${bySyl(60, 120)}/${totBy(60, 120)}`, '120+': `${bySyl(120, 1e9)}/${totBy(120, 1e9)}` },
      examples: ps
        .sort((x, y) => x.minhbach - y.minhbach)
        .slice(0, 3)
        .map((p) => ({ source: texts[p.aId]!.origin, syllables: texts[p.aId]!.syllables, score: round(p.minhbach), original: snippet(p.a), perturbed: snippet(p.b) })),
    };
  });
const topNegatives = [...negatives]
  .sort((x, y) => y.minhbach - x.minhbach)
  .slice(0, 8)
  .map((p) => ({
    kind: p.kind,
    score: round(p.minhbach),
    level: p.level,
    pg_trgm: p.trgm === null ? null : round(p.trgm),
    a: texts[p.aId]!.origin,
    b: texts[p.bId]!.origin,
    a_text: snippet(p.a, 100),
    b_text: snippet(p.b, 100),
  }));
const negStats = {
  count: negatives.length,
  by_kind: Object.fromEntries(['negative-random', 'negative-cross', 'negative-hard'].map((k) => [k, negatives.filter((p) => p.kind === k).length])),
  false_duplicates: negatives.filter((p) => p.level === 'duplicate').length,
  false_similar_or_above: negatives.filter((p) => p.level !== null).length,
  max_score: round(Math.max(...negatives.map((p) => p.minhbach))),
  p99_score: round(
    quantile(
      negatives.map((p) => p.minhbach),
      0.99,
    ),
  ),
  hard_max_score: round(Math.max(0, ...negatives.filter((p) => p.kind === 'negative-hard').map((p) => p.minhbach))),
  pg_trgm_max: pg.available ? round(Math.max(...negatives.map((p) => p.trgm ?? 0))) : null,
  pg_trgm_p99: pg.available
    ? round(
        quantile(
          negatives.map((p) => p.trgm ?? 0),
          0.99,
        ),
      )
    : null,
};
const lshSpuriousAll = round([...lsh.values()].reduce((s, x) => s + x.spurious, 0) / Math.max(1, lsh.size), 2);

const meantDup = rows.filter((r) => r.intended === 'duplicate' && !r.extra);
const failingDup = meantDup.filter((r) => r.goal === 'FAIL').map((r) => r.id);
const failingSim = rows.filter((r) => r.intended === 'similar' && r.goal === 'FAIL').map((r) => r.id);
const failingExtra = rows.filter((r) => r.extra && r.goal === 'FAIL').map((r) => r.id);
const verdict = failingDup.length === 0 ? 'PASS' : 'FAIL';

// Natural re-posts: the near-identical sources dropped above are real re-posts found in the
// corpus (same story on two sites, a social post copied from an article): score them too.
const byOrigin = new Map(loaded.texts.map((t) => [t.origin, t]));
const natural = dropped.map((d) => {
  const a = byOrigin.get(d.duplicateOf)!;
  const b = byOrigin.get(d.origin)!;
  const fa = fp(a.text);
  const fb = fp(b.text);
  const natural = fa && fb ? compareFingerprints(fb, fa) : null;
  const score = natural?.score ?? 0;
  let containment = 0;
  if (fa && fb) {
    const sa = new Set(fa.shingles);
    let inter = 0;
    for (const x of new Set(fb.shingles)) if (sa.has(x)) inter++;
    containment = inter / Math.min(sa.size, new Set(fb.shingles).size);
  }
  return {
    a: a.origin,
    b: b.origin,
    syllables: [a.syllables, b.syllables],
    word_8gram_containment: d.containment,
    minhbach: round(score),
    level: natural?.level ?? null,
    shingle_containment: round(containment),
  };
});
if (natural.length) console.log(`natural re-posts in the corpus: ${natural.map((n) => `${n.minhbach}${n.level ? ' ' + n.level : ''}`).join(', ')}`);

// Partial reposts (issue 15): fragments, quotes and stacked perturbations, searched (fragments.ts).
const fragments = evaluateFragments(texts, vocab, SEED, fp);
for (const r of fragments.rows)
  console.log(`fragments ${r.kind.padEnd(15)} n=${r.n} recall=${r.recall} winnow=${r.winnow_retrieval_recall} P=${r.precision} FP=${r.false_positives} ${r.goal}`);
for (const g of fragments.goals) console.log(`GOAL ${g.statement}: ${g.measured} ${g.result}`);
console.log(`fragment misses: ${JSON.stringify(fragments.misses_by_reason)}`);

const sourceCounts = countBy(texts, (t) => t.kind);
const result = {
  benchmark: 'match-quality',
  date: new Date().toISOString(),
  seed: SEED,
  duration_s: 0,
  machine,
  scheme: { ...MATCH_SCHEME, DUPLICATE_AT, SIMILAR_AT },
  data: {
    shared_dir: SHARED,
    vfnd_files: loaded.vfndFiles,
    vfnd_rejected: loaded.vfndRejected,
    article_paragraphs: loaded.articleParagraphs,
    near_identical_sources_dropped: dropped,
    source_texts: texts.length,
    source_texts_by_kind: sourceCounts,
    cut_to_150_syllables: texts.filter((t) => t.cut).length,
    syllables: {
      min: Math.min(...texts.map((t) => t.syllables)),
      median: quantile(
        texts.map((t) => t.syllables),
        0.5,
      ),
      max: Math.max(...texts.map((t) => t.syllables)),
    },
    positives: positives.length,
    negatives: negStats.by_kind,
    not_applicable: notApplicable,
  },
  goal: {
    statement: `recall ≥ ${RECALL_GOAL} at precision ≥ ${PRECISION_GOAL} for duplicates (level === 'duplicate', score ≥ ${DUPLICATE_AT})`,
    judged_on: meantDup.map((r) => r.id),
    judged_as_similar: rows.filter((r) => r.intended === 'similar').map((r) => r.id),
    extra_stress_tests: rows.filter((r) => r.extra).map((r) => r.id),
    failing_extra_stress_tests: failingExtra,
    overall_precision_duplicate: overallPrecisionDup,
    overall_precision_similar: overallPrecisionSim,
    verdict,
    failing_duplicate_perturbations: failingDup,
    failing_similar_perturbations: failingSim,
  },
  per_perturbation: rows,
  summary,
  lsh: { index: `${bandIndex.size} band keys over ${texts.length} originals`, spurious_candidates_per_query: lshSpuriousAll },
  negatives: negStats,
  top_negatives: topNegatives,
  natural_reposts: natural,
  fragments,
  misses,
  pg_trgm: pg,
};

// ---------------------------------------------------------------------------------------------
// Output.

const pct = (x: number | null): string => (x === null ? '—' : x.toFixed(3));
const header = ['perturbation', 'meant', 'n', 'recall@0.8', 'recall@0.6', 'LSH', 'LSH+hash', 'median J', 'min J', 'contain.@0.8', 'trgm@0.8', `trgm@${trgmBest ?? '—'}`, 'goal'];
const tableRows = rows.map((r) => [
  r.id,
  r.intended,
  String(r.n),
  pct(r.recall_duplicate),
  pct(r.recall_similar),
  pct(r.lsh_recall_bands),
  pct(r.lsh_recall_bands_or_exact_hash),
  pct(r.score_median),
  pct(r.score_min),
  pct(r.containment_recall_at_0_8),
  pct(r.pg_trgm_recall_at_0_8),
  pct(r.pg_trgm_recall_at_best),
  r.goal,
]);
const mdTable = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...tableRows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

console.log('');
const widths = header.map((h, i) => Math.max(h.length, ...tableRows.map((r) => r[i]!.length)));
console.log(header.map((h, i) => h.padEnd(widths[i]!)).join('  '));
for (const r of tableRows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
console.log('');
for (const [name, s] of Object.entries(summary)) {
  console.log(
    `${name.padEnd(32)} @0.8: P=${pct(s.at_duplicate.precision)} R(all)=${pct(s.at_duplicate.recall_all_positives)} R(meant dup)=${pct(s.at_duplicate.recall_intended_duplicates)} FP=${s.at_duplicate.fp}` +
      ` | best t=${s.best.threshold}: P=${pct(s.best.precision)} R(meant dup)=${pct(s.best.recall_intended_duplicates)} FP=${s.best.fp}`,
  );
}
console.log(
  `negatives: ${negStats.false_duplicates} scored duplicate, ${negStats.false_similar_or_above} similar or above; max ${negStats.max_score} (hard ${negStats.hard_max_score})`,
);
console.log(
  `GOAL (recall ≥ ${RECALL_GOAL} at precision ≥ ${PRECISION_GOAL}, on perturbations meant to be duplicates): ${verdict}` +
    (failingDup.length ? ` — failing: ${failingDup.join(', ')}` : ''),
);
if (failingExtra.length) console.log(`stress tests beyond the brief failing: ${failingExtra.join(', ')}`);
if (failingSim.length) console.log(`meant to be "similar" and not reaching recall ${RECALL_GOAL} at ${SIMILAR_AT}: ${failingSim.join(', ')}`);

result.duration_s = round((performance.now() - started) / 1000, 1);
mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, 'match-quality.json'), JSON.stringify(result, null, 2) + '\n');
writeFileSync(path.join(RESULTS, 'match-quality.md'), renderMarkdown());
console.log(`\nwrote ${path.relative(ROOT, path.join(RESULTS, 'match-quality.json'))} and match-quality.md in ${result.duration_s} s`);

function renderMarkdown(): string {
  const L: string[] = [];
  const s = summary;
  L.push('# Match quality: minhbach text matching vs pg_trgm', '');
  L.push(`Generated by \`npm run bench:match-quality\` (bench/match-quality/run.ts) on ${result.date}, seed ${SEED}, in ${result.duration_s} s.`, '');
  L.push(`Machine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GiB RAM, Node ${machine.node}, ${machine.platform}.`, '');
  L.push('## Data', '');
  L.push(
    `- Source: \`../shared/corpus/vfnd\` (VFND, GPL-3.0, read in place, not copied) — ${loaded!.vfndFiles} files; field \`maintext\` or \`text\`; ` +
      `${loaded!.vfndRejected.tooShort} under 30 syllables and ${loaded!.vfndRejected.noText} without text were left out; texts over 400 syllables were cut to their first ~150 (${result.data.cut_to_150_syllables} texts).`,
  );
  L.push(`- \`../shared/context/articles\`: ${loaded!.articleParagraphs} paragraphs of 30–400 syllables from the five pages.`);
  L.push(`- ${dropped.length} near-identical sources dropped (≥ 50% of raw word 8-grams shared with an earlier source), so "unrelated" pairs are really unrelated.`);
  L.push(
    `- **${texts.length} source texts** (${sourceCounts}); syllables min ${result.data.syllables.min}, median ${result.data.syllables.median}, max ${result.data.syllables.max}.`,
  );
  L.push(
    `- **${positives.length} positive pairs** (original, perturbed copy): one per source text and perturbation; a perturbation that leaves a text unchanged is skipped (${
      Object.entries(notApplicable)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }).`,
  );
  L.push(
    `- **${negatives.length} negative pairs**: ${negStats.by_kind['negative-random']} random pairs from different sites; ${negStats.by_kind['negative-cross']} an original vs a perturbed copy of another text; ` +
      `${negStats.by_kind['negative-hard']} hard negatives (another text from the same site, or another paragraph of the same article — all five articles are on the same topic).`,
  );
  L.push(
    `- Score: \`compareFingerprints(fingerprintText(perturbed), fingerprintText(original))\` (1 on an equal normalized/stripped hash, else exact Jaccard of the shingles); found as duplicate at ≥ ${DUPLICATE_AT}, similar at ≥ ${SIMILAR_AT} or when ≥ ${CONTAINED_AT} of the smaller text's shingles (at least ${MIN_CONTAINED_SHINGLES}) are in the other, or when they share a passage (runs of ≥ ${PASSAGE_RUN} shingles, at least ${MIN_PASSAGE_SHINGLES}, ≥ ${PASSAGE_AT} of either text: a cut or quoted repost, \`partial\`) (\`compareFingerprints\`, as the linker and /match do).`,
  );
  L.push('');
  L.push('## Results per perturbation', '');
  L.push(mdTable, '');
  L.push(
    `Columns: *recall@0.8* = share found as duplicate; *recall@0.6* = similar or duplicate; *LSH* = original retrieved by a shared band key (${MATCH_SCHEME.bands} bands × ${MATCH_SCHEME.rows} rows) from an in-memory index of all ${texts.length} originals; ` +
      `*LSH+hash* = the production candidate rule (band or equal normalized/stripped hash); *median J / min J* = minhbach score; ` +
      `*contain.@0.8* = shingle containment |A∩B|/min(|A|,|B|) ≥ 0.8 alone (minhbach uses it for 'similar' from ${MIN_CONTAINED_SHINGLES} shingles up); *trgm@t* = pg_trgm \`similarity()\` of the raw texts ≥ t. ` +
      `Mean spurious LSH candidates per query: ${lshSpuriousAll}.`,
    '',
  );
  L.push('Recall at 0.8 by source length (found as duplicate / pairs):', '');
  L.push(`| perturbation | ${LENGTH_BUCKETS.map((b) => b[0] + ' syl').join(' | ')} |`, `|---|${LENGTH_BUCKETS.map(() => '---').join('|')}|`);
  for (const r of rows) L.push(`| ${r.id} | ${LENGTH_BUCKETS.map((b) => r.recall_duplicate_by_length[b[0]]).join(' | ')} |`);
  L.push('');
  L.push('## Goal: recall ≥ 0.95 at precision ≥ 0.99 for duplicates', '');
  L.push(
    `Overall precision of 'duplicate' over all ${pairs.length} pairs: **${pct(overallPrecisionDup)}** (${s.minhbach!.at_duplicate.fp} negatives scored duplicate); of 'similar or duplicate': ${pct(overallPrecisionSim)} (${s.minhbach!.at_similar.fp} negatives).`,
    '',
  );
  L.push('My judgment of what each perturbation should yield (the goal is judged against it):', '');
  for (const r of rows)
    L.push(
      `- \`${r.id}\` — ${r.label}: meant **${r.intended}** (${r.why}). ${r.goal_rule}: **${r.goal}**` +
        (r.intended === 'similar' ? ` (literal duplicate goal: ${r.literal_duplicate_goal})` : '') +
        (r.extra ? ' — stress test, not in the headline verdict' : ''),
    );
  L.push('');
  L.push(`**Verdict on the perturbations meant to be duplicates: ${verdict}**` + (failingDup.length ? ` — failing: ${failingDup.map((x) => `\`${x}\``).join(', ')}.` : '.'));
  if (failingExtra.length) L.push('', `Stress tests beyond the brief failing: ${failingExtra.map((x) => `\`${x}\``).join(', ')}.`);
  if (failingSim.length) L.push('', `Meant to be similar but not reaching recall ${RECALL_GOAL} at ${SIMILAR_AT}: ${failingSim.map((x) => `\`${x}\``).join(', ')}.`);
  L.push('');
  if (misses.length) {
    L.push('### Misses', '');
    for (const m of misses) {
      L.push(
        `- \`${m.id}\`: ${m.missed} missed; by source length (missed/total): 30–59 syl ${m.by_length['30-59']}, 60–119 ${m.by_length['60-119']}, 120+ ${m.by_length['120+']}.`,
      );
      for (const e of m.examples) L.push(`  - ${e.source} (${e.syllables} syl), score ${e.score}: "${e.original}" → "${e.perturbed}"`);
    }
    L.push('');
  }
  L.push('## Thresholds: minhbach vs pg_trgm', '');
  L.push('| scorer | threshold | precision | recall (all positives) | recall (meant duplicates) | false positives |', '|---|---|---|---|---|---|');
  for (const [name, v] of Object.entries(s)) {
    L.push(
      `| ${name} | ${DUPLICATE_AT} | ${pct(v.at_duplicate.precision)} | ${pct(v.at_duplicate.recall_all_positives)} | ${pct(v.at_duplicate.recall_intended_duplicates)} | ${v.at_duplicate.fp} |`,
    );
    L.push(
      `| ${name} | ${v.best.threshold} (best on data${v.best.plateau ? `; same result from ${v.best.plateau[0]} to ${v.best.plateau[1]}` : ''}) | ${pct(v.best.precision)} | ${pct(v.best.recall_all_positives)} | ${pct(v.best.recall_intended_duplicates)} | ${v.best.fp} |`,
    );
  }
  L.push('');
  L.push(
    `"Best on data": the threshold with precision ≥ 0.99 that maximizes recall on the perturbations meant to be duplicates, chosen on this very data (optimistic: no held-out set). ` +
      `*pg_trgm_on_minhbach_normal_form* is a diagnostic: pg_trgm on minhbach's stripped normalized text, to separate the normalizer's contribution from the shingling's. *minhbach_containment* is the containment diagnostic above.`,
    '',
  );
  L.push(pg.available ? `pg_trgm: PostgreSQL ${pg.version}, lc_ctype ${pg.lc_ctype}, extension created in a ${pg.note}.` : `pg_trgm baseline: **not run** — ${pg.note}.`, '');
  if (natural.length) {
    L.push('## Natural re-posts found in the corpus', '');
    L.push(
      'The near-identical sources dropped from the negatives are real re-posts (the same story on two sites, a Facebook post copied from an article, a page repeating a paragraph). Not part of the table above; scored here as found:',
      '',
    );
    L.push('| stored | incoming | syllables | word 8-gram containment | minhbach | level | shingle containment |', '|---|---|---|---|---|---|---|');
    for (const n of natural)
      L.push(`| ${n.a} | ${n.b} | ${n.syllables.join(' / ')} | ${n.word_8gram_containment} | ${n.minhbach} | ${n.level ?? '—'} | ${n.shingle_containment} |`);
    L.push('');
  }
  L.push('## Negatives', '');
  L.push(
    `${negStats.false_duplicates} negatives scored duplicate, ${negStats.false_similar_or_above} similar or above; minhbach max ${negStats.max_score}, 99th percentile ${negStats.p99_score}, hard negatives max ${negStats.hard_max_score}` +
      (pg.available ? `; pg_trgm max ${negStats.pg_trgm_max}, 99th percentile ${negStats.pg_trgm_p99}.` : '.'),
    '',
  );
  L.push('| kind | minhbach | level | pg_trgm | a | b |', '|---|---|---|---|---|---|');
  for (const n of topNegatives) L.push(`| ${n.kind} | ${n.score} | ${n.level ?? '—'} | ${n.pg_trgm ?? '—'} | ${n.a} | ${n.b} |`);
  L.push('');
  L.push(...renderFragments(fragments));
  return L.join('\n');
}
