/**
 * PDQ index lookups at scale (part of `npm run bench:images`): a million stored hashes in
 * PostgreSQL, in a schema of its own dropped afterwards, with the table and indexes of migration
 * 0034. Measures, in the same run:
 *
 *  - the index: `findPdqMatches` (multi-index hashing, 16 words × 17 probes, exact verification
 *    with bit_count), one query hash at a time, and a match request's shape (a picture's full hash
 *    against everything + its 9 crop variants against full hashes);
 *  - baseline 1: a sequential scan computing bit_count over every row (what the index avoids);
 *  - baseline 2: brute force in Node over the same hashes held in memory (8 × 32-bit popcounts per
 *    stored hash).
 *
 * Queries: half are stored hashes with 0–31 bits flipped (each must be found: every answer is
 * checked against the sequential scan for the first ones), half random (nothing to find).
 * Hashes are random (uniform bits): PDQ's bits are balanced by construction (median split), so the
 * word buckets are about as full as here; a collection with many near-copies has fuller ones.
 */
import { randomBytes } from 'node:crypto';
import { loadMigrations } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { findPdqMatches, indexPdqHashes } from '../../src/repositories/pdq-index.repository.ts';

export interface LookupOptions {
  url: string;
  rows: number;
  /** Seconds the index lookups may run at most (and at most `queries` of them). */
  seconds: number;
  queries: number;
  /** Queries run by the sequential-scan baseline (each reads every row). */
  scanQueries: number;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

function percentiles(ms: number[]): { n: number; p50: number; p95: number; p99: number; max: number; mean: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return {
    n: s.length,
    p50: round(at(50), 2),
    p95: round(at(95), 2),
    p99: round(at(99), 2),
    max: round(s[s.length - 1]!, 2),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length, 2),
  };
}

const bitsToHex = (bits: string): string => {
  let hex = '';
  for (let k = 0; k < 256; k += 4) hex += parseInt(bits.slice(k, k + 4), 2).toString(16);
  return hex;
};

function flip(hex: string, n: number): string {
  const bytes = Buffer.from(hex, 'hex');
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(Math.floor(Math.random() * 256));
  for (const b of chosen) bytes[b >> 3]! ^= 1 << (b & 7);
  return bytes.toString('hex');
}

const POP = Uint8Array.from({ length: 1 << 16 }, (_, v) => {
  let c = 0;
  for (let x = v; x; x &= x - 1) c++;
  return c;
});

export async function benchLookup(o: LookupOptions, log: (line: string) => void) {
  const schema = `bench_pdq_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(o.url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const db = openPostgres(o.url, { max: 2, searchPath: schema });
  try {
    const migration = loadMigrations().find((m) => m.version === 34)!.sql;
    const lines = migration.split('\n');
    // Loaded first, indexed after: building an index once is much faster than updating 16 per row.
    await db.exec(lines.filter((l) => !l.startsWith('CREATE INDEX')).join('\n'));
    const words = Array.from({ length: 16 }, (_, k) => `('x' || substr(h, ${4 * k + 1}, 4))::bit(16)::int`).join(', ');
    let t = performance.now();
    const batch = 100_000;
    for (let at = 0; at < o.rows; at += batch) {
      await db.query(
        `INSERT INTO pdq_hashes (owner_kind, owner_id, ordinal, hash, ${Array.from({ length: 16 }, (_, k) => `w${k}`).join(', ')})
         SELECT 'image', md5(g::text), g % 10, ('x' || h)::bit(256), ${words}
         FROM (SELECT g, md5(random()::text) || md5(random()::text) AS h FROM generate_series($1::int, $2::int) g) s`,
        [at, Math.min(o.rows, at + batch) - 1],
      );
    }
    const loadSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    for (const line of lines.filter((l) => l.startsWith('CREATE INDEX'))) await db.exec(line);
    await db.exec('ANALYZE pdq_hashes');
    const indexSeconds = (performance.now() - t) / 1000;
    const [size] = await db.query<{ table: string; indexes: string }>(`SELECT pg_table_size('pdq_hashes')::text AS table, pg_indexes_size('pdq_hashes')::text AS indexes`);
    log(
      `loaded ${o.rows} hashes in ${round(loadSeconds, 1)} s, indexed in ${round(indexSeconds, 1)} s; table ${round(Number(size!.table) / 2 ** 20, 0)} MiB, indexes ${round(Number(size!.indexes) / 2 ** 20, 0)} MiB`,
    );

    // Every hash in Node too, for the brute-force baseline and to make near queries from.
    t = performance.now();
    const all = new Uint16Array(o.rows * 16);
    let n = 0;
    // Keyset pagination on the primary key: OFFSET would re-read every earlier row each time.
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = await db.query<{ owner_id: string; ordinal: number; words: number[] }>(
        `SELECT owner_id, ordinal, ARRAY[${Array.from({ length: 16 }, (_, k) => `w${k}`).join(', ')}] AS words FROM pdq_hashes
         WHERE owner_kind = 'image' AND (owner_id, ordinal) > ($1, $2) ORDER BY owner_kind, owner_id, ordinal LIMIT 100000`,
        after,
      );
      if (rows.length === 0) break;
      for (const r of rows) all.set(r.words, 16 * n++);
      const last = rows[rows.length - 1]!;
      after = [last.owner_id, last.ordinal];
    }
    log(`read back ${n} hashes in ${round((performance.now() - t) / 1000, 1)} s`);
    const sample = await db.query<{ bits: string }>(`SELECT hash::text AS bits FROM pdq_hashes TABLESAMPLE SYSTEM (1) LIMIT $1`, [o.queries]);
    const near = sample.map((r) => flip(bitsToHex(r.bits), Math.floor(Math.random() * 32)));
    const queries: string[] = [];
    for (let k = 0; k < o.queries; k++) queries.push(k % 2 === 0 && near.length ? near[(k >> 1) % near.length]! : randomBytes(32).toString('hex'));

    const bruteForce = (hex: string): number => {
      const q = Array.from({ length: 16 }, (_, k) => parseInt(hex.slice(4 * k, 4 * k + 4), 16));
      let found = 0;
      for (let r = 0; r < n; r++) {
        let d = 0;
        const base = 16 * r;
        for (let k = 0; k < 16 && d <= 31; k++) d += POP[all[base + k]! ^ q[k]!]!;
        if (d <= 31) found++;
      }
      return found;
    };

    // Warm the caches (as a server that has been answering is), then time.
    for (const q of queries.slice(0, 20)) await findPdqMatches(db, [q], { maxDistance: 31, ownerKind: 'image' });
    const single: number[] = [];
    let foundNear = 0;
    const deadline = performance.now() + o.seconds * 1000;
    for (let k = 0; k < queries.length && performance.now() < deadline; k++) {
      const s = performance.now();
      const m = await findPdqMatches(db, [queries[k]!], { maxDistance: 31, ownerKind: 'image' });
      single.push(performance.now() - s);
      if (k % 2 === 0 && m.length > 0) foundNear++;
    }
    const index = percentiles(single);
    log(`index, one hash: p50 ${index.p50} ms, p95 ${index.p95}, p99 ${index.p99} (${index.n} lookups; near copies found ${foundNear}/${Math.ceil(index.n / 2)})`);

    // A picture's lookup as the match service makes it: 1 + 9 hashes, two statements.
    const request: number[] = [];
    const requestDeadline = performance.now() + (o.seconds / 2) * 1000;
    for (let k = 0; k < 200 && performance.now() < requestDeadline; k++) {
      const s = performance.now();
      await findPdqMatches(db, [queries[k % queries.length]!], { maxDistance: 31, ownerKind: 'image' });
      await findPdqMatches(
        db,
        Array.from({ length: 9 }, () => randomBytes(32).toString('hex')),
        { maxDistance: 31, ownerKind: 'image', storedVariants: false },
      );
      request.push(performance.now() - s);
    }
    const perRequest = percentiles(request);
    log(`index, a picture (1 + 9 variant hashes): p50 ${perRequest.p50} ms, p99 ${perRequest.p99} (${perRequest.n})`);

    // Baseline 1: every row's distance, no index. Also checks the index's answers are exact.
    const scan: number[] = [];
    let mismatches = 0;
    for (const q of queries.slice(0, o.scanQueries)) {
      const s = performance.now();
      const rows = await db.query<{ owner_id: string }>(`SELECT owner_id FROM pdq_hashes WHERE owner_kind = 'image' AND bit_count(hash # ('x' || $1::text)::bit(256)) <= 31`, [q]);
      scan.push(performance.now() - s);
      const viaIndex = await findPdqMatches(db, [q], { maxDistance: 31, ownerKind: 'image', limit: 100_000 });
      if (new Set(rows.map((r) => r.owner_id)).size !== viaIndex.length) mismatches++;
    }
    const seqScan = percentiles(scan);
    log(`baseline, sequential scan with bit_count: p50 ${seqScan.p50} ms, p99 ${seqScan.p99} (${seqScan.n}); index answers differing from it: ${mismatches}`);

    // Baseline 2: brute force in Node's memory.
    const brute: number[] = [];
    const bruteDeadline = performance.now() + 15_000;
    for (let k = 0; k < 100 && performance.now() < bruteDeadline; k++) {
      const s = performance.now();
      bruteForce(queries[k]!);
      brute.push(performance.now() - s);
    }
    const node = percentiles(brute);
    log(`baseline, brute force in Node (one thread, hashes in memory): p50 ${node.p50} ms, p99 ${node.p99} (${node.n})`);

    // Indexing as intake does it, into the full table (16 index updates per row).
    t = performance.now();
    const owners = 200;
    await db.transaction(async (tx) => {
      for (let k = 0; k < owners; k++) {
        const hashes = Array.from({ length: 10 }, () => randomBytes(32).toString('hex'));
        await indexPdqHashes(tx, [{ owner_kind: 'image', owner_id: `new-${k}`, hashes }]);
      }
    });
    const insertMs = (performance.now() - t) / owners;
    log(`indexing a new picture (10 hashes, one statement) into the full table: ${round(insertMs, 2)} ms`);

    return {
      rows: o.rows,
      schema_note: 'table and indexes of migration 0034; random hashes; dropped after the run',
      load_seconds: round(loadSeconds, 1),
      index_build_seconds: round(indexSeconds, 1),
      table_mib: round(Number(size!.table) / 2 ** 20, 0),
      indexes_mib: round(Number(size!.indexes) / 2 ** 20, 0),
      index_one_hash_ms: index,
      near_copies_found: { found: foundNear, of: Math.ceil(index.n / 2) },
      index_picture_request_ms: perRequest,
      baseline_seq_scan_ms: seqScan,
      index_answers_differing_from_scan: mismatches,
      baseline_node_brute_force_ms: node,
      index_new_picture_ms: round(insertMs, 2),
    };
  } finally {
    await db.close();
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}
