/**
 * bench/results/log.md from the results of bench/log/run.ts (also re-rendered from log.json with
 * BENCH_LOG_RENDER=bench/results/log.json).
 */
import { INTEGRATION_BATCH } from '../../src/services/log.service.ts';
import { fmt, r3, type Dist } from './stats.ts';

/** A CPU profile summary (see summarizeProfile) as three tables: self time by file, by function, inclusive. */
function profileTables(L: string[], p: { busy_ms: number; self_by_file: [string, number][]; self_by_function: [string, number][]; inclusive_src: [string, number][] }): void {
  const share = (v: number) => `${Math.round((v / p.busy_ms) * 100)}%`;
  L.push('| File | ms | share |', '|---|---|---|');
  for (const [f, v] of p.self_by_file.slice(0, 12)) L.push(`| ${f} | ${fmt(v)} | ${share(v)} |`);
  L.push('', 'Top functions by self time:', '', '| Function | ms | share |', '|---|---|---|');
  for (const [f, v] of p.self_by_function.slice(0, 15)) L.push(`| \`${f}\` | ${fmt(v)} | ${share(v)} |`);
  L.push('', 'Inclusive time of project functions:', '', '| Function | ms | share |', '|---|---|---|');
  for (const [f, v] of p.inclusive_src.slice(0, 15)) L.push(`| \`${f}\` | ${fmt(v)} | ${share(v)} |`);
  L.push('');
}

export type Any = any;

function cpuLine(c: Record<string, number | null> | undefined): string {
  if (!c) return '—';
  return Object.entries(c)
    .filter(([k, v]) => k !== 'machine_cores' && v !== null && (v as number) > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export function markdown(r: Any): string {
  const m = r.machine;
  const s = r.settings;
  const L: string[] = [];
  L.push('# Transparency log (`npm run bench:log`)', '');
  L.push(
    `Date: ${r.date}. Run time: ${r.total_seconds}s. Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB RAM, ${m.disk ?? ''}; Node ${m.node}; ${String(m.postgres).split(' on ')[0]} (${Object.entries(
      m.postgres_settings,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}).`,
  );
  L.push(
    `Records: ${s.shape} public records (${s.mean_body_bytes} B of JSON body on average; statements of reasons and authority requests built by publicRecordForDecision / publicRecordsForNotice), inserted with insertPublicRecords, ${s.writers} writer connections × ${s.batch} records per INSERT. Integrator: integrateLog, ${s.integration_batch} records per batch (one transaction and one signed checkpoint each), loop interval ${s.log_interval_ms} ms.`,
    '',
  );
  L.push('## Goals', '', '| Goal | Target | Measured | Result | Shortfall |', '|---|---|---|---|---|');
  for (const g of r.goals) L.push(`| ${g.goal} | ${g.target} | ${g.measured} | ${g.pass === null ? '(context)' : g.pass ? 'PASS' : 'FAIL'} | ${g.shortfall || '—'} |`);
  L.push('');
  if (r.latest_checkpoint_order_bug) {
    L.push(
      '**Bug found (correctness):** `latestCheckpoint` in src/repositories/log.repository.ts runs `SELECT size::text AS size, … ORDER BY size DESC LIMIT 1`; PostgreSQL resolves `ORDER BY size` to the *output* column, the text alias, so sizes sort as strings ("8192" > "12288"). Once the log passes a size whose string sorts below an older one (e.g. 8192 → 12288 with full batches of 4096, or 9 → 10), integrateLog starts from a stale checkpoint and fails on the next batch ("tile has 48 hashes, expected 32"), and readers are served an old checkpoint. The query also reads and sorts every checkpoint row (no index use). This run detected it (a probe schema with checkpoints 8192 and 12288) and, in the bench schemas only, replaced log_checkpoints by a view of its newest row (writes go through to the table `log_checkpoints_rows`), which gives the answer and the index-backed cost of the fixed query `ORDER BY log_checkpoints.size DESC`. Without that the integration phases below fail after 3 batches.',
      '',
    );
  }

  if (r.ceiling && r.integrate && r.end_to_end) {
    // CPU per record / entry from the measured rates and CPU shares.
    const us = (cores: number | null | undefined, perS: number) => Math.round(((cores ?? 0) / perS) * 1e6);
    const c = r.ceiling.cpu_cores;
    const insPg = us(c.pg_writer, r.ceiling.records_per_s);
    const insNode = us(c.node_writers, r.ceiling.records_per_s);
    const ic = r.integrate.real.cpu_cores;
    const intNode = us(ic.node_writers, r.integrate.real.entries_per_s);
    const intPg = us(ic.pg_main, r.integrate.real.entries_per_s);
    const total = insPg + insNode + intNode + intPg;
    const cores = r.machine.cores;
    L.push(
      '## Where the time goes',
      '',
      `Everything here is CPU-bound (the machine is ${cores} cores; "other" load stayed ≤ ${Math.max(...[c, ic, r.end_to_end.cpu_cores].map((x: Any) => x.other ?? 0))} cores). Per realistic record, from the measured rates and CPU shares: the INSERT itself (no log) costs ${insPg} µs of PostgreSQL CPU and ${insNode} µs of node CPU (building parameters and sealing the record: its canonical JSON and SHA-256, ${r.integrate.seal_us_per_record ?? '?'} µs of that); integrating it into the log costs ${intNode} µs of node CPU (integrateLog: encoding the compact entry, leaf and tile hashes, SQL parameters) and ${intPg} µs of PostgreSQL CPU. About ${total} µs of CPU per published-and-logged record means at most ~${fmt((cores * 1e6) / total)} records/s on ${cores} cores; measured ${fmt(r.end_to_end.sustained_entries_per_s)}/s. Publication of such records is bound by their own INSERT (full-text search index, 1.4 KB of JSON), not by the log: the log adds ${Math.round(((intNode + intPg) / total) * 100)}% to a record's cost, and on its own path (the appends above) sequences and signs over ${fmt(20_000)} entries/s. Integration alone, from a backlog, reaches ${fmt(r.integrate.real.entries_per_s)} entries/s.`,
      '',
    );
  }
  L.push('## Append throughput', '', '| Scenario | Records/s | Entries integrated/s | Notes |', '|---|---|---|---|');
  if (r.ceiling)
    L.push(
      `| Ceiling: same INSERTs, public_records without the log trigger | ${fmt(r.ceiling.records_per_s)} | — | INSERT p50 ${r.ceiling.statement_ms.p50} ms, p99 ${r.ceiling.statement_ms.p99} ms |`,
    );
  if (r.trigger_only)
    L.push(
      `| Log trigger only (enqueue to log_pending), no integrator | ${fmt(r.trigger_only.records_per_s)} | — | INSERT p50 ${r.trigger_only.statement_ms.p50} ms, p99 ${r.trigger_only.statement_ms.p99} ms |`,
    );
  if (r.integrate)
    L.push(
      `| Integration alone: integrateLog draining a backlog of ${fmt(r.integrate.pending_at_start)} | — | ${fmt(r.integrate.real.entries_per_s)} | ${r.integrate.real.batches} batches, p50 ${r.integrate.real.batch_ms.p50} ms per batch of ${INTEGRATION_BATCH} |`,
    );
  for (const b of r.integrate?.larger_batches ?? [])
    L.push(`| Integration alone, integrateLog(…, limit ${fmt(b.limit)}) | — | ${fmt(b.entries_per_s)} | p50 ${b.batch_ms.p50} ms per batch |`);
  if (r.end_to_end) {
    const e = r.end_to_end;
    L.push(
      `| **End to end**: writers + integrator process, ${e.window_s}s window | ${fmt(e.appended_per_s)} | ${fmt(e.integrated_per_s)} | backlog at end ${fmt(e.backlog_at_end)}, drained in ${e.drain_s}s → **${fmt(e.sustained_entries_per_s)} entries/s** appended and signed; ${e.checkpoints_in_window} checkpoints (${fmt(e.mean_entries_per_checkpoint)} entries each); append → checkpoint p50 ${fmt(e.append_to_checkpoint_ms.p50)} ms, p99 ${fmt(e.append_to_checkpoint_ms.p99)} ms |`,
    );
  }
  L.push('');
  L.push(
    'CPU (average cores busy; node_writers = this process, node_integrator = the integrator process, pg_* = PostgreSQL processes by role, other = the rest of the machine):',
    '',
  );
  L.push('| Scenario | CPU |', '|---|---|');
  if (r.ceiling) L.push(`| Ceiling | ${cpuLine(r.ceiling.cpu_cores)} |`);
  if (r.trigger_only) L.push(`| Trigger only | ${cpuLine(r.trigger_only.cpu_cores)} |`);
  if (r.integrate) L.push(`| Integration alone (integrateLog in this process, pg_main = its backend) | ${cpuLine(r.integrate.real.cpu_cores)} |`);
  if (r.end_to_end) L.push(`| End to end | ${cpuLine(r.end_to_end.cpu_cores)} |`);
  for (const l of r.latency ?? []) L.push(`| Paced ${fmt(l.rate)}/s | ${cpuLine(l.cpu_cores)} |`);
  L.push('');

  if (r.integrate) {
    const i = r.integrate.instrumented;
    L.push(`## Where an integration batch spends its time`, '');
    L.push(
      `Instrumented copy of integrateLog (bench/log/instrumented.ts, same calls and SQL) over ${fmt(i.entries)} entries in ${i.batches} batches: ${fmt(i.entries_per_s)} entries/s (the real integrateLog: ${fmt(r.integrate.real.entries_per_s)}/s). Node CPU is this process's user+system time during the step; for SQL steps the rest of the wall time is PostgreSQL (and waiting).`,
      '',
    );
    L.push('| Step | ms per batch | µs per entry | node CPU µs per entry | Share of wall time |', '|---|---|---|---|---|');
    for (const [k, v] of Object.entries(i.phases) as [string, Any][])
      L.push(`| ${k} | ${v.ms_per_batch} | ${v.us_per_entry} | ${v.node_cpu_us_per_entry} | ${Math.round(v.share * 100)}% |`);
    L.push('');
    if (r.integrate.seal_us_per_record) {
      L.push(
        `The record's digest (canonical JSON and SHA-256 of its public document) is no longer computed here: its publisher seals the record (sealPublicRecord) before the INSERT, in the API process, which costs ${r.integrate.seal_us_per_record} µs of node CPU per ${s.shape} record (measured in this run; included in every writer scenario above). The integrator reads the digest from the queue.`,
        '',
      );
    }
    if (r.integrate.profile) {
      const p = r.integrate.profile;
      L.push(`CPU profile of integrateLog (node:inspector, ${fmt(p.busy_ms)} ms busy), self time by file:`, '');
      profileTables(L, p);
    }
  }

  if (r.end_to_end?.integrator_profile) {
    const p = r.end_to_end.integrator_profile;
    L.push(`## The integrator process under load (CPU profile, ${p.file})`, '', `${fmt(p.busy_ms)} ms busy over the end-to-end phase and the paced runs. Self time by file:`, '');
    profileTables(L, p);
  }
  if (r.end_to_end || r.latency?.length) {
    L.push('## Append → signed checkpoint latency', '');
    L.push(
      'Time from the INSERT returning (committed) to the first poll that saw a signed checkpoint whose size covers the record (all records of the INSERT, for paced rates; one random record per INSERT under full load). Polling adds up to one poll interval.',
      '',
    );
    L.push('| Load | Achieved records/s | Records per INSERT | p50 ms | p90 ms | p99 ms | max ms | INSERTs measured | Poll ms |', '|---|---|---|---|---|---|---|---|---|');
    for (const l of r.latency ?? []) {
      const d = l.append_to_checkpoint_ms;
      L.push(
        `| paced ${fmt(l.rate)}/s (${l.writers} writers, one INSERT each per ${l.period_ms} ms) | ${fmt(l.achieved_per_s)} | ${l.records_per_insert} | ${d.p50} | ${d.p90} | ${d.p99} | ${d.max} | ${d.n} | ${l.poll_interval_ms} |`,
      );
    }
    if (r.end_to_end) {
      const d = r.end_to_end.append_to_checkpoint_ms;
      L.push(
        `| full load (end to end above) | ${fmt(r.end_to_end.appended_per_s)} | ${r.end_to_end.batch} | ${d.p50} | ${d.p90} | ${d.p99} | ${d.max} | ${d.n} | ${r.end_to_end.poll_interval_ms} |`,
      );
    }
    L.push('');
  }

  if (r.proofs) {
    const p = r.proofs;
    L.push(`## Inclusion proofs at ${fmt(p.log_size)} entries`, '');
    L.push(
      `Log built synthetically but faithfully (bench/log/big.ts): ${fmt(p.load.entries)} entries in the exact entry format, tiles computed by the core's integrateTiles and the root by rootFromTiles, COPY into log_entries / log_tiles (${fmt(p.load.tiles)} tiles), signed checkpoint; then ${p.extend_by_integrateLog.records} real records appended by integrateLog on top (${p.extend_by_integrateLog.ms} ms), whose checkpoint all proofs are served against. **log_entries.record_id has no foreign key to public_records in this schema** (the synthetic entries have no records; recordProof does not read public_records). Load: ${p.load.generate_and_copy_s}s generate + COPY, ${p.load.index_build_s}s index build, ${p.load.analyze_s}s VACUUM ANALYZE; log_entries ${fmt(p.load.table_mb)} MB + ${fmt(p.load.indexes_mb)} MB indexes, log_tiles ${fmt(p.load.tiles_mb)} MB.`,
      '',
    );
    L.push(
      `${p.verified} proofs (random records, and 20 of the integrateLog-appended ones) verified with verifyTlogProof against the log's verifier key before timing, each identical to the one the reference recordProof (log-proof.reference.ts) builds. Mean proof: ${p.mean_proof_lines} lines, ${fmt(p.mean_proof_bytes)} bytes.`,
      '',
    );
    L.push(`CPU while timing recordProof: ${cpuLine(p.record_proof_cpu_cores)}.`, '');
    L.push(
      `Timed in a fresh process (bench/log/proof-child.ts, one connection, sequential, after 1,300 untimed proofs); its node CPU: ${p.record_proof_node_cpu_ms_per_proof} ms per recordProof (before: ${p.before_node_cpu_ms_per_proof} ms).`,
      '',
    );
    const b = p.record_proof_breakdown_ms;
    const o = p.before_breakdown_ms;
    L.push(
      `How recordProof (src/services/log-proof.service.ts) serves a proof: one statement (src/repositories/log-proof.repository.ts) returns the entry by record id, its level-0 tile (base64, decoded into a buffer reused from proof to proof) and the newest checkpoint's size, plus that checkpoint's note and right-edge tiles only when it is not the one cached; pyramids of full tiles above level 0 (immutable, LRU of 2,048) and of the checkpoint's partial tiles are cached per database, so a proof hashes only its level-0 tile into a pyramid (src/core/tlog/tile-pyramid.ts: ~250 one-shot SHA-256, no object per node) and reads every proof node out of pyramids. Steps, one loop each: the statement p50 ${b.one_statement.p50} ms (a \`SELECT 1\` round trip: p50 ${p.select_1_round_trip_ms.p50} ms), the level-0 pyramid p50 ${b.level0_pyramid.p50} ms, the proof from the pyramids and its text p50 ${b.proof_from_pyramids.p50} ms. ${p.record_proof_backend_storage_read_kb_per_proof == null ? '' : `The PostgreSQL backend read ${p.record_proof_backend_storage_read_kb_per_proof} KB per proof from storage (not the page cache) and wrote ${p.record_proof_backend_storage_write_kb_per_proof ?? '?'} KB per proof while timing (log_entries and its indexes: ${fmt(p.load.table_mb + p.load.indexes_mb)} MB, log_tiles ${fmt(p.load.tiles_mb)} MB; shared_buffers ${r.machine.postgres_settings.shared_buffers}).`}`,
      '',
      `Before: the reference recordProof (log-proof.reference.ts), which the server served until this change: three sequential queries (p50 ${r3(o.find_entry_by_record_id.p50 + o.latest_checkpoint.p50 + o.read_tiles.p50)} ms together) and every proof node rehashed from its tile's bottom row with createHash (p50 ${o.build_proof_in_node.p50} ms). Its findLogEntryOfRecord tail (p90 ${o.find_entry_by_record_id.p90} ms inside that loop) is not the database: the same query with nothing between calls has p90 ${o.find_entry_alone.p90} ms, p99 ${o.find_entry_alone.p99} ms. The proof building before it leaves megabytes of short-lived Buffers and Hash objects; V8 schedules the scavenge as a task, which runs while the next query is awaited, so its pause (a few ms each: by --trace-gc-nvp, sweeping the young ArrayBuffers, the Hash objects' weak handles and copying survivors) lands in that query's time.`,
      '',
    );
    const gcLine = (g: Any) =>
      `${g.gcs} collections, ${g.gc_ms_total} ms in total (${g.gc_ms_per_call} ms per proof, longest ${g.gc_ms_max} ms); ${g.slowest_1pct_overlapping_a_gc} of the ${g.slowest_1pct_calls} slowest 1% of proofs overlapped a collection`;
    L.push(`Garbage collection in the proof process while timing recordProof: ${gcLine(p.record_proof_gc)}. Before: ${gcLine(p.before_gc)}.`, '');
    L.push('| Measure | n | p50 ms | p90 ms | p99 ms | max ms |', '|---|---|---|---|---|---|');
    const row = (name: string, d: Dist) => L.push(`| ${name} | ${d.n} | ${d.p50} | ${d.p90} | ${d.p99} | ${d.max} |`);
    row('**recordProof end to end (random record)**', p.record_proof_ms);
    row('— the one statement (readProofMaterial: entry, level-0 tile, newest checkpoint size)', b.one_statement);
    row('— level-0 tile: base64 decode and pyramid (TilePyramid.buildInPlace)', b.level0_pyramid);
    row('— proof from the pyramids, and its text (buildProof, formatTlogProof)', b.proof_from_pyramids);
    if (p.http) row('GET /api/v1/public/records/{id}/proof over HTTP (loopback socket, keep-alive, client in the same process)', p.http.ms);
    row('Baseline: `SELECT 1` round trip on the same connection', p.select_1_round_trip_ms);
    row('Before: the reference recordProof (log-proof.reference.ts) end to end', p.before_record_proof_ms);
    row('— findLogEntryOfRecord (log_entries by record_id), in that loop', o.find_entry_by_record_id);
    row('— latestCheckpoint', o.latest_checkpoint);
    row("— readTiles (the proof's tiles, one query)", o.read_tiles);
    row('— building the proof in node (node hashes from tiles: buildProof, formatTlogProof)', o.build_proof_in_node);
    row('findLogEntryOfRecord alone, nothing between calls', o.find_entry_alone);
    if (p.latest_checkpoint_query_ms) {
      row(
        `latestCheckpoint's query as written (ORDER BY the text alias) over ${fmt(p.checkpoint_rows)} checkpoint rows`,
        p.latest_checkpoint_query_ms.as_written_order_by_text_alias,
      );
      row(`the same ordered by the bigint column (primary key)`, p.latest_checkpoint_query_ms.order_by_bigint_column);
    }
    L.push('');
  }
  L.push('Full figures: bench/results/log.json.', '');
  return L.join('\n');
}
