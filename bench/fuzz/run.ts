/**
 * `npm run bench:fuzz`: FUZZ_N (100,000) requests derived from the served OpenAPI document
 * (bench/fuzz/generate.ts) sent to every route through app.inject, FUZZ_CONCURRENCY (8) at a
 * time, seeded by FUZZ_SEED. Fails (exit 1) on any 5xx and on any 4xx that is not problem+json,
 * or a validation failure that names no field (bench/fuzz/check.ts). Writes bench/results/fuzz-<db>.md
 * and fuzz.json.
 *
 * Database: PGlite in memory; FUZZ_DB=postgres uses a fresh schema on TEST_DATABASE_URL
 * (postgres://postgres@127.0.0.1:5432/test).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from '../machine.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');
const N = Number(process.env.FUZZ_N || 100_000);
const SEED = Number(process.env.FUZZ_SEED || 20_261_207);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY || 8);
const DB = process.env.FUZZ_DB === 'postgres' ? 'postgres' : 'pglite';

// test/db.ts picks the database from these, as the test suite does.
process.env.MINHBACH_TEST_DB = DB;
if (DB === 'postgres') process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';

// As in the tests: nothing leaves the machine (fuzzed webhook URLs resolve no name, reach no host).
await import('../../test/no-network.ts');
const { openFuzzTarget, runFuzz } = await import('./harness.ts');

const t0 = Date.now();
const log = (msg: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

const target = await openFuzzTarget();
log(`${target.operations.length} operations from /api/openapi.json on ${DB}; sending ${N.toLocaleString('en')} requests (seed ${SEED}, ${CONCURRENCY} in flight)`);
const s = await runFuzz(target, { n: N, seed: SEED, concurrency: CONCURRENCY, onProgress: (done) => log(`${done.toLocaleString('en')} sent`) });
let postgresVersion: string | null = null;
if (DB === 'postgres') postgresVersion = (await target.t.ctx.db.query<{ v: string }>('SELECT version() AS v'))[0]!.v.split(' on ')[0]!;
await target.t.close();

const machine = { ...machineInfo(), database: postgresVersion ?? 'PGlite (in memory)' };
const fiveXX = Object.entries(s.byStatus)
  .filter(([st]) => Number(st) >= 500)
  .reduce((a, [, n]) => a + n, 0);
const result = {
  date: new Date().toISOString(),
  machine,
  seed: SEED,
  concurrency: CONCURRENCY,
  requests: s.requests,
  unsendable: s.unsendable,
  seconds: Math.round(s.seconds * 10) / 10,
  requests_per_second: Math.round(s.requests / s.seconds),
  by_status: s.byStatus,
  five_xx: fiveXX,
  contract_breaches: s.failures.length,
  by_route: s.byRoute,
  failures: s.failures.slice(0, 50),
};
console.log(JSON.stringify({ ...result, by_route: undefined, failures: result.failures.slice(0, 5) }, null, 2));

const statuses = Object.keys(s.byStatus)
  .map(Number)
  .sort((a, b) => a - b);
const md = [
  '# Fuzzing the API from its OpenAPI document (`npm run bench:fuzz`)',
  '',
  `Date: ${result.date}. Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, ${machine.os}, Node ${machine.node}, ${machine.database}.`,
  '',
  `${s.requests.toLocaleString('en')} requests (seed ${SEED}, ${CONCURRENCY} in flight, through app.inject) in ${result.seconds} s (${result.requests_per_second.toLocaleString('en')}/s), spread evenly over the ${target.operations.length} operations of the served document: valid bodies, missing and extra fields, wrong types, hostile strings (NUL, lone surrogates, 70,000 characters, injections), bodies nested up to 20,000 deep, huge arrays, broken JSON, odd content types, bad UUIDs, tile paths and cursors, repeated and unknown query parameters, wrong and missing credentials, bodies just over each documented limit.`,
  '',
  `**${fiveXX} answers 5xx; ${s.failures.length} break the contract** (every 4xx problem+json with its status, every validation failure naming its fields).${s.unsendable ? ` ${s.unsendable} generated requests could not be built by the injector and were not sent.` : ''}`,
  '',
  '| route | ' + statuses.join(' | ') + ' |',
  '|---|' + statuses.map(() => '---:').join('|') + '|',
  ...Object.entries(s.byRoute)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, counts]) => `| \`${route}\` | ${statuses.map((st) => (counts[st] ?? 0).toLocaleString('en')).join(' | ')} |`),
  '',
  ...(s.failures.length
    ? ['## First breaches', '', ...s.failures.slice(0, 20).map((f) => `- \`${f.case.method} ${f.case.url.slice(0, 120)}\` (${f.case.strategy}): ${f.breach}`), '']
    : []),
];
mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, `fuzz-${DB}.md`), `${md.join('\n')}\n`);
writeFileSync(path.join(RESULTS, `fuzz-${DB}.json`), `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${path.join(RESULTS, `fuzz-${DB}.md`)}`);
process.exit(fiveXX === 0 && s.failures.length === 0 ? 0 : 1);
