/**
 * `npm run bench:dumps`: the daily open data dump (dump.service.ts), measured.
 *
 * DUMPS_BENCH_RECORDS (100,000) statements of reasons with realistic bodies are published and
 * integrated into the log; then the day's dump is made: every record read by log index in pages
 * on this thread, written as JSON lines, CSV and Parquet with their SHA-256 by the dump's worker
 * thread. Reported: records/s, the files' sizes, peak memory (RSS and this thread's heap, sampled
 * every 20 ms), and how long the event loop was held at most (perf_hooks' event loop delay: the
 * dump runs in the server's process on the embedded database, so this is what a request waiting
 * behind it would feel). The machine's load average is printed beside: the event loop's delay is
 * wall-clock time, and other processes on a shared machine lengthen it.
 * Baseline, in the same run on the same rows: reading the same pages and making each record's
 * public document and JSON line, without writing or hashing anything.
 *
 * Database: PGlite in memory; DUMPS_BENCH_DB=postgres uses a fresh schema on TEST_DATABASE_URL.
 * Writes bench/results/dumps.md and dumps.json (dumps-<n>.… when DUMPS_BENCH_RECORDS is not the default).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { machineInfo } from '../machine.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');
const DEFAULT_RECORDS = 100_000;
const RECORDS = Number(process.env.DUMPS_BENCH_RECORDS || DEFAULT_RECORDS);
const DB = process.env.DUMPS_BENCH_DB === 'postgres' ? 'postgres' : 'pglite';

process.env.MINHBACH_TEST_DB = DB;
if (DB === 'postgres') process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';

const { openTestDb } = await import('../../test/db.ts');
const { NoteSigner } = await import('../../src/core/tlog/note.ts');
const { registerLogKey } = await import('../../src/services/log-key.service.ts');
const { integrateLog } = await import('../../src/services/log.service.ts');
const { sealPublicRecord, publicDocument } = await import('../../src/core/public-record-document.ts');
const { insertPublicRecords } = await import('../../src/repositories/public-record.repository.ts');
const { readLoggedRecords } = await import('../../src/repositories/dump.repository.ts');
const { makeDailyDump } = await import('../../src/services/dump.service.ts');
const { dumpJsonLine } = await import('../../src/core/open-data-dump.ts');
const { uuidv7 } = await import('../../src/core/ids.ts');

const t0 = Date.now();
const log = (msg: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

const { db, close } = await openTestDb();
const ctx = { db, now: () => new Date() };
const signer = NoteSigner.generate('bench.minhbach.localhost/log');
await registerLogKey(db, signer);

// Statements of reasons as platforms send them: Vietnamese facts, arrays, a URL, a legal ground.
let s = Date.now();
const BATCH = 2_000;
for (let at = 0; at < RECORDS; at += BATCH) {
  const published = new Date(Date.now() - 86_400_000);
  const drafts = Array.from({ length: Math.min(BATCH, RECORDS - at) }, (_, i) => {
    const n = at + i;
    const id = uuidv7(published.getTime());
    return sealPublicRecord({
      id,
      type: 'statement_of_reasons' as const,
      source_id: uuidv7(published.getTime()),
      published_at: published,
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      platform: n % 2 ? 'facebook' : 'youtube',
      requester_kind: null,
      body: {
        uuid: id,
        case_id: uuidv7(published.getTime()),
        platform_name: n % 2 ? 'Facebook' : 'YouTube',
        content_url: `https://www.facebook.com/page${n}/posts/…`,
        created_at: published.toISOString(),
        decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
        decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
        illegal_content_legal_ground: 'Điều 8 Luật An ninh mạng 2018',
        illegal_content_explanation: `Bài đăng số ${n} quảng cáo đầu tư tiền ảo lừa đảo, hứa lợi nhuận 30% mỗi tháng, giả danh ngân hàng.`,
        content_type: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE'],
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        category_specification: ['KEYWORD_PHISHING'],
        territorial_scope: ['VN'],
        content_language: 'vi',
        content_date: '2026-11-30',
        application_date: '2026-12-01',
        decision_facts: 'Nội dung vi phạm pháp luật Việt Nam về lừa đảo chiếm đoạt tài sản; đã gỡ bỏ theo yêu cầu của cơ quan có thẩm quyền.',
        source_type: 'SOURCE_ARTICLE_16',
        source_identity: 'Cục An toàn thông tin',
        automated_detection: 'No',
        automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
        puid: `bench-${n}`,
      },
      search_text: '',
    });
  });
  await insertPublicRecords(db, drafts);
}
log(`published ${RECORDS} records in ${((Date.now() - s) / 1000).toFixed(1)} s`);
s = Date.now();
while ((await integrateLog(ctx, signer, 10_000)) > 0);
log(`integrated in ${((Date.now() - s) / 1000).toFixed(1)} s`);

// Baseline: the same pages read and turned into JSON lines, nothing written or hashed. Each
// page's query is timed: on PGlite it runs on this thread, the one part of a dump that still does.
const PAGE = 250;
s = Date.now();
let baselineBytes = 0;
const queryMs: number[] = [];
for (let at = 0; at < RECORDS;) {
  const q = performance.now();
  const rows = await readLoggedRecords(db, at, RECORDS, PAGE);
  queryMs.push(performance.now() - q);
  for (const r of rows) baselineBytes += dumpJsonLine(r.log_index, publicDocument(r), r.entry_sha256).length;
  at += rows.length;
}
const baselineSeconds = (Date.now() - s) / 1000;
queryMs.sort((a, b) => a - b);
log(`baseline: ${baselineSeconds.toFixed(2)} s`);

const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-bench-dumps-'));
const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 20);
const loadBefore = loadavg()[0]!;
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
s = Date.now();
const outcome = await makeDailyDump(ctx, { dir });
const dumpSeconds = (Date.now() - s) / 1000;
loop.disable();
clearInterval(sampler);
const loadAfter = loadavg()[0]!;
if (!outcome.made) throw new Error(`no dump: ${JSON.stringify(outcome)}`);
log(`dump: ${dumpSeconds.toFixed(2)} s`);
rmSync(dir, { recursive: true, force: true });
await close();

const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
const result = {
  date: new Date().toISOString(),
  machine: machineInfo(),
  database: DB,
  records: RECORDS,
  dump: { seconds: dumpSeconds, records_per_second: Math.round(RECORDS / dumpSeconds) },
  baseline: { seconds: baselineSeconds, records_per_second: Math.round(RECORDS / baselineSeconds), jsonl_mib: mib(baselineBytes) },
  page_query_ms: {
    records: PAGE,
    median: Math.round(queryMs[queryMs.length >> 1]! * 10) / 10,
    p99: Math.round(queryMs[Math.floor(queryMs.length * 0.99)]! * 10) / 10,
    max: Math.round(queryMs[queryMs.length - 1]! * 10) / 10,
  },
  files: outcome.dump.files.map((f) => ({ format: f.format, mib: mib(f.bytes) })),
  memory: { rss_before_mib: mib(before.rss), peak_rss_mib: mib(peakRss), heap_before_mib: mib(before.heapUsed), peak_heap_mib: mib(peakHeap) },
  event_loop_delay_ms: { max: Math.round(loop.max / 1e5) / 10, p99: Math.round(loop.percentile(99) / 1e5) / 10, mean: Math.round(loop.mean / 1e5) / 10 },
  load_average_1m: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadAfter * 100) / 100 },
};

const m = result.machine;
const md = `# bench:dumps

Date: ${result.date}. Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, ${m.os}, Node ${m.node}, ${DB === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}. Load average (1 min) ${result.load_average_1m.before} before the dump, ${result.load_average_1m.after} after.

${RECORDS.toLocaleString('en')} statements of reasons (realistic Vietnamese bodies, ~1 KB of JSON each) in the log; the day's open data dump made by \`makeDailyDump\`: pages of 250 records read by log index on the server's thread and posted, as read, to the dump's worker thread (at most two pages with it at once), which writes each record as a JSON line, a CSV row and a Parquet row (row groups of 1,000, Snappy) and hashes all three files; files synced and renamed into place, the dump record published.

| | seconds | records/s |
|---|---:|---:|
| dump: JSON lines + CSV + Parquet + SHA-256 (worker thread) | ${dumpSeconds.toFixed(2)} | ${result.dump.records_per_second.toLocaleString('en')} |
| baseline: read the same pages, make each JSON line only | ${baselineSeconds.toFixed(2)} | ${result.baseline.records_per_second.toLocaleString('en')} |

Files: ${result.files.map((f) => `${f.format} ${f.mib} MiB`).join(', ')}.

Memory: RSS ${result.memory.rss_before_mib} MiB before, ${result.memory.peak_rss_mib} MiB at most during the dump (the in-memory database holds most of it; the worker's heap counts here); this thread's heap ${result.memory.heap_before_mib} → at most ${result.memory.peak_heap_mib} MiB (sampled every 20 ms). It does not grow with the number of records: a page being read, at most two with the worker, and one Parquet row group are in memory at a time.

Event loop held (perf_hooks delay during the dump, sampled every 10 ms: an idle loop reads ~10 ms): max ${result.event_loop_delay_ms.max} ms, p99 ${result.event_loop_delay_ms.p99} ms, mean ${result.event_loop_delay_ms.mean} ms. Formatting, Parquet encoding and hashing run in the worker thread; what holds this thread is each page's query (on PGlite, which runs queries here; timed in the baseline: median ${result.page_query_ms.median} ms, p99 ${result.page_query_ms.p99} ms, max ${result.page_query_ms.max} ms for ${PAGE} records, about half of what a page of 500 takes) and posting its rows to the worker (~1 ms), with the event loop yielded between pages; the rest of the delay is garbage collection and, on a loaded machine, waiting for a core. Before the worker (the same benchmark on 2026-12-07, everything on this thread, pages of 500): max 198.3 ms, p99 94.6 ms, mean 29.7 ms, 10,557 records/s, the longest holds being one Parquet row group encoded in one synchronous call of hyparquet-writer. Measured side by side on 2026-12-07 (one process, the same 100,000 records, the previous code kept aside for the comparison, three runs each alternating, load average 3.4–4.1 from other work on the machine): before, max 152–176 ms, p99 58–67 ms, 8,846–9,514 records/s; after, max 32–62 ms, p99 28–41 ms, 8,870–11,247 records/s; the three files byte for byte the same. The dump's speed is the worker's (the encoding is the same work as before, on one thread); reading the next page overlaps it only when a core is free, so on a busy machine the dump is no faster than before. A \`minhbach worker\` process (PostgreSQL) serves no requests, so this matters for the embedded server alone.
`;
mkdirSync(RESULTS, { recursive: true });
const name = RECORDS === DEFAULT_RECORDS && DB === 'pglite' ? 'dumps' : `dumps-${DB}-${RECORDS}`;
writeFileSync(path.join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(path.join(RESULTS, `${name}.md`), md);
console.log(md);
