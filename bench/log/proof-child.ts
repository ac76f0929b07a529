/**
 * Inclusion-proof timings in a fresh process, as an API process serving proofs would be (not the
 * process that just generated 10M entries, whose heap and GC state would distort the tail).
 * Started by run.ts (fork) with BENCH_LOG_URL, BENCH_LOG_SCHEMA, BENCH_LOG_ENTRIES,
 * BENCH_LOG_PROOFS, BENCH_LOG_HTTP_PROOFS, BENCH_LOG_CP_TABLE, BENCH_LOG_WORKAROUND and PGAPPNAME.
 *
 * IPC: receives {go, extra: record ids appended by integrateLog}; sends {mark: 'start'|'end'}
 * around the timed recordProof loop and waits for {ack} (the parent snapshots CPU then); finally
 * sends {result}.
 */
import { readFileSync } from 'node:fs';
import { buildProof, inclusionPlan } from '../../src/core/tlog/merkle.ts';
import { tileHashReader, tilesForNodes } from '../../src/core/tlog/tile.ts';
import { formatTlogProof } from '../../src/core/tlog/tlog-proof.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { buildApp } from '../../src/http/app.ts';
import { findLogEntryOfRecord, latestCheckpoint, readTiles } from '../../src/repositories/log.repository.ts';
import { recordProof } from '../../src/services/log.service.ts';
import { synthId } from './big.ts';
import { FastProver } from './proof-variant.ts';
import { dist, GcWatch } from './stats.ts';

const ENTRIES = Number(process.env.BENCH_LOG_ENTRIES);
const PROOFS = Number(process.env.BENCH_LOG_PROOFS);
const HTTP_PROOFS = Number(process.env.BENCH_LOG_HTTP_PROOFS);
const CP_TABLE = process.env.BENCH_LOG_CP_TABLE!;
const WORKAROUND = process.env.BENCH_LOG_WORKAROUND === '1';
const served = openPostgres(process.env.BENCH_LOG_URL!, { max: 1, searchPath: process.env.BENCH_LOG_SCHEMA! });
const ctx = { db: served, now: () => new Date() };

/** Bytes the connection's PostgreSQL backend has read from storage (not the page cache), or null. */
function backendReadBytes(pid: number): number | null {
  try {
    return Number(/read_bytes: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
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

async function main(): Promise<void> {
  send({ type: 'ready' });
  const extra = (await receive('go')).extra!;
  const pick = () => {
    const i = Math.floor(Math.random() * (ENTRIES + extra.length));
    return i < ENTRIES ? synthId(i) : extra[i - ENTRIES]!;
  };
  const log = (msg: string) => send({ type: 'log', msg });

  const [{ pid: backend }] = (await served.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
  for (let k = 0; k < 1000; k++) await recordProof(ctx, pick());
  for (let k = 0; k < 300; k++) await new FastProver(served).proof(pick());
  const ms: number[] = [];
  const calls: { t: number; d: number }[] = [];
  let bytes = 0;
  let lines = 0;
  send({ type: 'mark', name: 'start' });
  await receive('ack');
  const cpu0 = process.cpuUsage();
  const read0 = backendReadBytes(backend);
  const gc = new GcWatch();
  for (let k = 0; k < PROOFS; k++) {
    const id = pick();
    const t = performance.now();
    const p = await recordProof(ctx, id);
    const d = performance.now() - t;
    ms.push(d);
    calls.push({ t, d });
    bytes += p.proof.length;
    lines += p.proof.split('\n').length;
  }
  const cpu = process.cpuUsage(cpu0);
  const read1 = backendReadBytes(backend);
  const storageReadKb = read0 === null || read1 === null ? null : Math.round((read1 - read0) / 1024 / PROOFS);
  send({ type: 'mark', name: 'end' });
  await receive('ack');
  const recordGc = await gc.report(calls);
  log(`recordProof p50 ${dist(ms).p50} ms, p99 ${dist(ms).p99} ms, max ${dist(ms).max} ms (${PROOFS} random records); node CPU ${((cpu.user + cpu.system) / 1000 / PROOFS).toFixed(3)} ms per proof; GC ${JSON.stringify(recordGc)}; backend read from storage ${storageReadKb} KB per proof`);

  // Baseline: the cheapest query's round trip on the same connection.
  const rt: number[] = [];
  for (let k = 0; k < PROOFS; k++) {
    const t = performance.now();
    await served.query('SELECT 1');
    rt.push(performance.now() - t);
  }
  log(`SELECT 1 round trip p50 ${dist(rt).p50} ms, p99 ${dist(rt).p99} ms`);

  // The bench-only prototype: same bytes, cheaper node work.
  const fast = new FastProver(served);
  for (let k = 0; k < 300; k++) {
    const id = pick();
    if ((await fast.proof(id)).proof !== (await recordProof(ctx, id)).proof) throw new Error(`prototype proof for ${id} differs from recordProof`);
  }
  const fms: number[] = [];
  const fcalls: { t: number; d: number }[] = [];
  const fgc = new GcWatch();
  const fcpu0 = process.cpuUsage();
  for (let k = 0; k < PROOFS; k++) {
    const id = pick();
    const t = performance.now();
    await fast.proof(id);
    const d = performance.now() - t;
    fms.push(d);
    fcalls.push({ t, d });
  }
  const fcpu = process.cpuUsage(fcpu0);
  const fastGc = await fgc.report(fcalls);
  log(`prototype p50 ${dist(fms).p50} ms, p99 ${dist(fms).p99} ms; node CPU ${((fcpu.user + fcpu.system) / 1000 / PROOFS).toFixed(3)} ms per proof`);

  // Breakdown: recordProof's three queries and its in-node proof building, step by step.
  const q = { find_entry_by_record_id: [] as number[], latest_checkpoint: [] as number[], read_tiles: [] as number[], build_proof_in_node: [] as number[] };
  for (let k = 0; k < Math.min(1000, PROOFS); k++) {
    const id = pick();
    let t = performance.now();
    const found = (await findLogEntryOfRecord(served, id))!;
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
    formatTlogProof({ index: found.index, proof: buildProof(plan, tileHashReader((l, i) => tiles.get(`${l}/${i}`))), checkpoint: cp.note });
    q.build_proof_in_node.push(performance.now() - t);
  }

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

  // Over HTTP (Fastify inject: routing, serialization; no socket).
  let http: Record<string, unknown> | null = null;
  if (HTTP_PROOFS > 0) {
    const app = await buildApp(ctx, { logLevel: 'warn' });
    const hms: number[] = [];
    for (let k = 0; k < 100; k++) await app.inject({ method: 'GET', url: `/api/v1/public/records/${pick()}/proof` });
    for (let k = 0; k < HTTP_PROOFS; k++) {
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url: `/api/v1/public/records/${pick()}/proof` });
      hms.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`HTTP proof: ${res.statusCode} ${res.body}`);
    }
    await app.close();
    http = { requests: HTTP_PROOFS, ms: dist(hms) };
    log(`over HTTP (inject): p50 ${dist(hms).p50} ms, p99 ${dist(hms).p99} ms`);
  }
  await served.close();
  send({
    type: 'result',
    data: {
      proofs: PROOFS,
      record_proof_ms: dist(ms),
      record_proof_node_cpu_ms_per_proof: Math.round(((cpu.user + cpu.system) / 1000 / PROOFS) * 1000) / 1000,
      record_proof_gc: recordGc,
      record_proof_backend_storage_read_kb_per_proof: storageReadKb,
      select_1_round_trip_ms: dist(rt),
      prototype_proof_ms: dist(fms),
      prototype_node_cpu_ms_per_proof: Math.round(((fcpu.user + fcpu.system) / 1000 / PROOFS) * 1000) / 1000,
      prototype_proof_gc: fastGc,
      mean_proof_bytes: Math.round(bytes / PROOFS),
      mean_proof_lines: Math.round(lines / PROOFS),
      breakdown_ms: Object.fromEntries(Object.entries(q).map(([k, v]) => [k, dist(v)])),
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
