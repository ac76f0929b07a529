/**
 * Inclusion-proof timings in a fresh process, as an API process serving proofs would be (not the
 * process that just generated 10M entries, whose heap and GC state would distort the tail).
 * Started by run.ts (fork) with BENCH_LOG_URL, BENCH_LOG_SCHEMA, BENCH_LOG_ENTRIES,
 * BENCH_LOG_PROOFS, BENCH_LOG_HTTP_PROOFS, BENCH_LOG_CP_TABLE, BENCH_LOG_WORKAROUND and PGAPPNAME.
 *
 * Times recordProof (src/services/log-proof.service.ts, what the route serves), then the one it
 * replaced (the reference one, log-proof.reference.ts: "before"), each for random records, with a breakdown of each.
 *
 * IPC: receives {go, extra: record ids appended by integrateLog}; sends {mark: 'start'|'end'}
 * around the timed recordProof loop and waits for {ack} (the parent snapshots CPU then); finally
 * sends {result}.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { buildProof, inclusionPlan } from '../../src/core/tlog/merkle.ts';
import { MAX_PYRAMID_BYTES, pyramidHashReader, TilePyramid } from '../../src/core/tlog/tile-pyramid.ts';
import { tileHashReader, tilesForNodes, TILE_WIDTH } from '../../src/core/tlog/tile.ts';
import { formatTlogProof } from '../../src/core/tlog/tlog-proof.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { buildApp } from '../../src/http/app.ts';
import { readProofMaterial } from '../../src/repositories/log-proof.repository.ts';
import { findLogEntryOfRecord, latestCheckpoint, readTiles } from '../../src/repositories/log.repository.ts';
import { recordProof } from '../../src/services/log-proof.service.ts';
import { recordProofReference as recordProofBefore } from '../../src/services/log-proof.reference.ts';
import { synthId } from './big.ts';
import { dist, GcWatch } from './stats.ts';

const ENTRIES = Number(process.env.BENCH_LOG_ENTRIES);
const PROOFS = Number(process.env.BENCH_LOG_PROOFS);
const HTTP_PROOFS = Number(process.env.BENCH_LOG_HTTP_PROOFS);
const CP_TABLE = process.env.BENCH_LOG_CP_TABLE!;
const WORKAROUND = process.env.BENCH_LOG_WORKAROUND === '1';
const served = openPostgres(process.env.BENCH_LOG_URL!, { max: 1, searchPath: process.env.BENCH_LOG_SCHEMA! });
const ctx = { db: served, now: () => new Date() };
const BREAKDOWN = Math.min(1000, PROOFS);

/**
 * Bytes the connection's PostgreSQL backend has read from storage (not the page cache), and
 * written (evicting buffers it dirtied, e.g. by setting hint bits on tuples never vacuumed), or null.
 */
function backendIo(pid: number): { read: number; write: number } | null {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    return { read: Number(/read_bytes: (\d+)/.exec(io)![1]), write: Number(/^write_bytes: (\d+)/m.exec(io)![1]) };
  } catch {
    return null;
  }
}

const inbox: { type: string; extra?: string[] }[] = [];
let wake: (() => void) | null = null;
process.on('message', (m: { type: string; extra?: string[] }) => {
  inbox.push(m);
  wake?.();
});
async function receive(type: string): Promise<{ type: string; extra?: string[] }> {
  for (;;) {
    const i = inbox.findIndex((m) => m.type === type);
    if (i >= 0) return inbox.splice(i, 1)[0]!;
    await new Promise<void>((r) => (wake = r));
  }
}
const send = (m: unknown) => process.send!(m);
const perProof = (cpu: NodeJS.CpuUsage, n: number) => Math.round(((cpu.user + cpu.system) / 1000 / n) * 1000) / 1000;

/** `fn` for PROOFS random records, timed one by one, with the process's CPU and GC over the loop. */
async function timeLoop(pick: () => string, fn: (id: string) => Promise<unknown>, around: { before?: () => Promise<void>; after?: () => Promise<void> } = {}) {
  const ms: number[] = [];
  const calls: { t: number; d: number }[] = [];
  await around.before?.();
  const gc = new GcWatch();
  const cpu0 = process.cpuUsage();
  for (let k = 0; k < PROOFS; k++) {
    const id = pick();
    const t = performance.now();
    await fn(id);
    const d = performance.now() - t;
    ms.push(d);
    calls.push({ t, d });
  }
  const cpu = process.cpuUsage(cpu0);
  await around.after?.();
  return { ms: dist(ms), node_cpu_ms_per_proof: perProof(cpu, PROOFS), gc: await gc.report(calls) };
}

async function main(): Promise<void> {
  send({ type: 'ready' });
  const extra = (await receive('go')).extra!;
  const pick = () => {
    const i = Math.floor(Math.random() * (ENTRIES + extra.length));
    return i < ENTRIES ? synthId(i) : extra[i - ENTRIES]!;
  };
  const log = (msg: string) => send({ type: 'log', msg });

  const [{ pid: backend }] = (await served.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
  // Same bytes as before, for a sample (the parent verified them against the log key).
  for (let k = 0; k < 300; k++) {
    const id = pick();
    if ((await recordProof(ctx, id)).proof !== (await recordProofBefore(ctx, id)).proof) throw new Error(`recordProof for ${id} differs from the one it replaced`);
  }
  for (let k = 0; k < 1000; k++) await recordProof(ctx, pick());

  // recordProof, as served.
  let bytes = 0;
  let lines = 0;
  let io0 = null as { read: number; write: number } | null;
  let storageKb = null as { read: number; write: number } | null;
  const now = await timeLoop(
    pick,
    async (id) => {
      const p = await recordProof(ctx, id);
      bytes += p.proof.length;
      lines += p.proof.split('\n').length;
    },
    {
      before: async () => {
        send({ type: 'mark', name: 'start' });
        await receive('ack');
        io0 = backendIo(backend);
      },
      after: async () => {
        const io1 = backendIo(backend);
        storageKb = io0 === null || io1 === null ? null : { read: Math.round((io1.read - io0.read) / 1024 / PROOFS), write: Math.round((io1.write - io0.write) / 1024 / PROOFS) };
        send({ type: 'mark', name: 'end' });
        await receive('ack');
      },
    },
  );
  log(
    `recordProof p50 ${now.ms.p50} ms, p90 ${now.ms.p90} ms, p99 ${now.ms.p99} ms, max ${now.ms.max} ms (${PROOFS} random records); node CPU ${now.node_cpu_ms_per_proof} ms per proof; GC ${JSON.stringify(now.gc)}; backend storage I/O per proof (KB) ${JSON.stringify(storageKb)}`,
  );

  // Its steps, one loop each: the one statement, the level-0 pyramid, the proof from the pyramids.
  const latest = (await latestCheckpoint(served))!;
  const { size, note } = latest;
  const known = { size, rootHex: Buffer.from(latest.root).toString('hex') };
  const statement: number[] = [];
  const pyramid: number[] = [];
  const assemble: number[] = [];
  const buffer = Buffer.alloc(MAX_PYRAMID_BYTES);
  const upper = new Map<string, TilePyramid>();
  for (let k = 0; k < BREAKDOWN; k++) {
    let t = performance.now();
    const m = (await readProofMaterial(served, pick(), known)).entry!;
    statement.push(performance.now() - t);
    const plan = inclusionPlan(m.index, size);
    const needed = tilesForNodes(plan.flat(), size);
    // The other tiles, as the service caches them (untimed here).
    for (const r of await readTiles(
      served,
      needed.filter((x) => !(x.level === 0 && x.width === TILE_WIDTH) && !upper.has(`${x.level}/${x.index}/${x.width}`)),
    )) {
      const w = needed.find((x) => x.level === r.level && x.index === r.index)!.width;
      upper.set(`${r.level}/${r.index}/${w}`, TilePyramid.build(r.level, r.index, r.hashes.subarray(0, w * 32)));
    }
    t = performance.now();
    const have = needed.map((x) =>
      x.level === 0 && x.width === TILE_WIDTH
        ? (buffer.write(m.tileBase64!, 0, 'base64'), TilePyramid.buildInPlace(0, x.index, TILE_WIDTH, buffer))
        : upper.get(`${x.level}/${x.index}/${x.width}`)!,
    );
    pyramid.push(performance.now() - t);
    t = performance.now();
    formatTlogProof({
      index: m.index,
      proof: buildProof(
        plan,
        pyramidHashReader((l, i) => have.find((p) => p.level === l && p.index === i)),
      ),
      checkpoint: note,
    });
    assemble.push(performance.now() - t);
  }

  // Baseline: the cheapest query's round trip on the same connection.
  const rt: number[] = [];
  for (let k = 0; k < PROOFS; k++) {
    const t = performance.now();
    await served.query('SELECT 1');
    rt.push(performance.now() - t);
  }
  log(`SELECT 1 round trip p50 ${dist(rt).p50} ms, p99 ${dist(rt).p99} ms`);

  // Before: the recordProof this one replaced (three queries, every node rehashed from its tile).
  for (let k = 0; k < 300; k++) await recordProofBefore(ctx, pick());
  const before = await timeLoop(pick, (id) => recordProofBefore(ctx, id));
  log(
    `before (the reference recordProof, log-proof.reference.ts): p50 ${before.ms.p50} ms, p99 ${before.ms.p99} ms; node CPU ${before.node_cpu_ms_per_proof} ms per proof; GC ${JSON.stringify(before.gc)}`,
  );

  // Its steps, as before; and its first query again with nothing between (where its tail came from).
  const q = {
    find_entry_by_record_id: [] as number[],
    latest_checkpoint: [] as number[],
    read_tiles: [] as number[],
    build_proof_in_node: [] as number[],
    find_entry_alone: [] as number[],
  };
  for (let k = 0; k < BREAKDOWN; k++) {
    let t = performance.now();
    const found = (await findLogEntryOfRecord(served, pick()))!;
    q.find_entry_by_record_id.push(performance.now() - t);
    t = performance.now();
    const cp = (await latestCheckpoint(served))!;
    q.latest_checkpoint.push(performance.now() - t);
    const plan = inclusionPlan(found.index, cp.size);
    t = performance.now();
    const rows = await readTiles(served, tilesForNodes(plan.flat(), cp.size));
    q.read_tiles.push(performance.now() - t);
    t = performance.now();
    const tiles = new Map(rows.map((x) => [`${x.level}/${x.index}`, x.hashes]));
    formatTlogProof({
      index: found.index,
      proof: buildProof(
        plan,
        tileHashReader((l, i) => tiles.get(`${l}/${i}`)),
      ),
      checkpoint: cp.note,
    });
    q.build_proof_in_node.push(performance.now() - t);
  }
  const aloneCalls: { t: number; d: number }[] = [];
  const aloneGc = new GcWatch();
  for (let k = 0; k < BREAKDOWN; k++) {
    const t = performance.now();
    await findLogEntryOfRecord(served, pick());
    const d = performance.now() - t;
    q.find_entry_alone.push(d);
    aloneCalls.push({ t, d });
  }
  const findAloneGc = await aloneGc.report(aloneCalls);

  // Under the workaround for the old latestCheckpoint bug: its query as written vs. fixed.
  let latestQuery: Record<string, unknown> | null = null;
  if (WORKAROUND) {
    const asIs: number[] = [];
    const fixed: number[] = [];
    for (let k = 0; k < 300; k++) {
      let t = performance.now();
      await served.query(`SELECT size::text AS size, root, note, created_at FROM ${CP_TABLE} ORDER BY size DESC LIMIT 1`);
      if (k >= 20) asIs.push(performance.now() - t);
      t = performance.now();
      await served.query(`SELECT size::text AS size, root, note, created_at FROM ${CP_TABLE} ORDER BY ${CP_TABLE}.size DESC LIMIT 1`);
      if (k >= 20) fixed.push(performance.now() - t);
    }
    latestQuery = { as_written_order_by_text_alias: dist(asIs), order_by_bigint_column: dist(fixed) };
  }
  const [{ n: cpRows }] = (await served.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${CP_TABLE}`)) as [{ n: number }];

  // Over HTTP as a client sees it: a real loopback socket, one kept-alive connection, requests one
  // after another, warmed up as a serving process is (the client in this process too, so its own
  // cost counts against the server).
  let http: Record<string, unknown> | null = null;
  if (HTTP_PROOFS > 0) {
    const app = await buildApp(ctx, { logLevel: 'warn' });
    const base = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (id: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: base.hostname, port: base.port, path: `/api/v1/public/records/${id}/proof`, agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (let k = 0; k < 1000; k++) await get(pick());
    const gc = new GcWatch();
    const calls: { t: number; d: number }[] = [];
    for (let k = 0; k < HTTP_PROOFS; k++) {
      const t = performance.now();
      const res = await get(pick());
      calls.push({ t, d: performance.now() - t });
      if (res.status !== 200) throw new Error(`HTTP proof: ${res.status} ${res.body}`);
    }
    const gcStats = await gc.report(calls);
    const hms = calls.map((c) => c.d);
    agent.destroy();
    await app.close();
    http = { requests: HTTP_PROOFS, transport: 'loopback socket, keep-alive, sequential', ms: dist(hms), gc: gcStats };
    log(`over HTTP (loopback socket): p50 ${dist(hms).p50} ms, p99 ${dist(hms).p99} ms; GC ${JSON.stringify(gcStats)}`);
  }
  await served.close();
  send({
    type: 'result',
    data: {
      proofs: PROOFS,
      record_proof_ms: now.ms,
      record_proof_node_cpu_ms_per_proof: now.node_cpu_ms_per_proof,
      record_proof_gc: now.gc,
      record_proof_backend_storage_read_kb_per_proof: storageKb?.read ?? null,
      record_proof_backend_storage_write_kb_per_proof: storageKb?.write ?? null,
      record_proof_breakdown_ms: { one_statement: dist(statement), level0_pyramid: dist(pyramid), proof_from_pyramids: dist(assemble) },
      select_1_round_trip_ms: dist(rt),
      before_record_proof_ms: before.ms,
      before_node_cpu_ms_per_proof: before.node_cpu_ms_per_proof,
      before_gc: before.gc,
      before_breakdown_ms: Object.fromEntries(Object.entries(q).map(([k, v]) => [k, dist(v)])),
      before_find_entry_alone_gc: findAloneGc,
      mean_proof_bytes: Math.round(bytes / PROOFS),
      mean_proof_lines: Math.round(lines / PROOFS),
      checkpoint_rows: cpRows,
      latest_checkpoint_query_ms: latestQuery,
      http,
    },
  });
}

main().then(
  () => {
    process.disconnect();
    setTimeout(() => process.exit(0), 50);
  },
  (e: unknown) => {
    send({ type: 'error', msg: String((e as Error).stack ?? e) });
    setTimeout(() => process.exit(1), 50);
  },
);
