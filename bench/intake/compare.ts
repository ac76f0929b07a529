/**
 * `npm run bench:intake-compare`: batch intake throughput of this checkout against an earlier
 * commit (BENCH_BASE, by default the last commit before intake wrote domain events to the outbox),
 * measured in the same session on the same machine, alternating base and current runs
 * (BENCH_ROUNDS, default 3) so drift in a noisy machine hits both alike. Each run is
 * `bench:intake` with BENCH_ONLY=batch at 8 connections for BENCH_SECONDS (default 15) on its own
 * fresh PostgreSQL database; the base runs from a temporary git worktree. Goal (issue 12): the
 * median of the current runs within 10% of the base's. Writes bench/results/intake-outbox.md/.json.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// 63ee632: "bench:fuzz on PostgreSQL: 100,000 requests, no 5xx" — the tree before the outbox.
const BASE = process.env.BENCH_BASE || '63ee632';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const SECONDS = process.env.BENCH_SECONDS || '15';
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

const baseCommit = git('rev-parse', '--short', BASE);
const headCommit = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'minhbach-intake-compare-'));
const worktree = path.join(scratch, 'base');
git('worktree', 'add', '--detach', worktree, baseCommit);
symlinkSync(path.join(ROOT, 'node_modules'), path.join(worktree, 'node_modules'));

interface Run {
  side: 'base' | 'current';
  round: number;
  notices_per_s: number;
  copy_notices_per_s: number | null;
  p99_ms: number;
}

function runOnce(side: 'base' | 'current', round: number): Run {
  const cwd = side === 'base' ? worktree : ROOT;
  const out = path.join(scratch, `${side}-${round}`);
  mkdirSync(out);
  console.log(`[${new Date().toISOString()}] round ${round}: ${side} (${side === 'base' ? baseCommit : headCommit})`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/intake/run.ts'], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BENCH_ONLY: 'batch', BENCH_B_CONNECTIONS: '8', BENCH_SECONDS: SECONDS, BENCH_RESULTS_DIR: out },
    timeout: 15 * 60_000,
  });
  if (r.status !== 0) throw new Error(`bench:intake (${side}) exited with ${r.status ?? r.signal}`);
  const res = JSON.parse(readFileSync(path.join(out, 'intake.json'), 'utf8'));
  const b = res.scenarios.batch;
  const c = res.scenarios.copy_baseline;
  return {
    side,
    round,
    notices_per_s: b.notices_per_s,
    copy_notices_per_s: c ? Math.round(c.notices / c.seconds) : null,
    p99_ms: b.request_latency_ms.p99,
  };
}

const runs: Run[] = [];
let machine: unknown = null;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which goes first, so neither always runs on a warmer machine.
    const order: ('base' | 'current')[] = round % 2 === 1 ? ['base', 'current'] : ['current', 'base'];
    for (const side of order) runs.push(runOnce(side, round));
  }
  machine = JSON.parse(readFileSync(path.join(scratch, 'current-1', 'intake.json'), 'utf8')).machine;
} finally {
  git('worktree', 'remove', '--force', worktree);
  if (existsSync(scratch)) rmSync(scratch, { recursive: true, force: true });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const of = (side: 'base' | 'current') => runs.filter((r) => r.side === side);
const base = median(of('base').map((r) => r.notices_per_s));
const current = median(of('current').map((r) => r.notices_per_s));
const ratio = current / base;
const copy = median(runs.flatMap((r) => (r.copy_notices_per_s ? [r.copy_notices_per_s] : [])));
const result = {
  date: new Date().toISOString(),
  machine,
  base_commit: baseCommit,
  current_commit: headCommit,
  current_src_uncommitted_files: dirty,
  seconds_per_run: Number(SECONDS),
  rounds: ROUNDS,
  runs,
  median_notices_per_s: { base, current },
  ratio_current_to_base: Math.round(ratio * 1000) / 1000,
  goal: 'current ≥ 90% of base',
  goal_met: ratio >= 0.9,
  ratio_to_raw_copy: { base: Math.round((base / copy) * 100) / 100, current: Math.round((current / copy) * 100) / 100, copy_notices_per_s: copy },
};
const m = machine as { cpu_model?: string; cpu_count?: number; total_memory_gib?: number; node?: string; postgres?: string; os?: string } | null;
const md = [
  '# Intake with the outbox against intake before it (`npm run bench:intake-compare`)',
  '',
  `Date: ${result.date}. Machine: ${m?.cpu_model ?? '?'} × ${m?.cpu_count ?? '?'}, ${m?.total_memory_gib ?? '?'} GiB, ${m?.os ?? ''}, Node ${m?.node ?? '?'}, ${m?.postgres?.split(' on ')[0] ?? 'PostgreSQL'}.`,
  '',
  `Base ${baseCommit} (before intake wrote domain events) and current ${headCommit}${dirty ? ` (+${dirty} uncommitted files under src/)` : ''}, alternating, ${ROUNDS} rounds of \`bench:intake\` scenario B (batches of 100 notices, 8 connections, ${SECONDS} s each, a fresh database per run). Load generator, server and PostgreSQL share the machine.`,
  '',
  '| round | side | notices/s | p99 ms | raw COPY notices/s |',
  '|---:|---|---:|---:|---:|',
  ...runs.map((r) => `| ${r.round} | ${r.side} | ${r.notices_per_s.toLocaleString('en')} | ${r.p99_ms} | ${r.copy_notices_per_s?.toLocaleString('en') ?? ''} |`),
  '',
  `**Median: base ${base.toLocaleString('en')} notices/s, current ${current.toLocaleString('en')} notices/s: ${(ratio * 100).toFixed(1)}% of base** (goal ≥ 90%: ${result.goal_met ? 'met' : 'NOT met'}).`,
  `Ratio to a raw COPY of the same rows: base ${result.ratio_to_raw_copy.base}, current ${result.ratio_to_raw_copy.current}.`,
  '',
];
writeFileSync(path.join(ROOT, 'bench/results/intake-outbox.md'), md.join('\n'));
writeFileSync(path.join(ROOT, 'bench/results/intake-outbox.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(md.join('\n'));
process.exit(result.goal_met ? 0 : 1);
