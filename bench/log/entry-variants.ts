/**
 * What computing log entries costs in node, per entry, for the records the integrator reads
 * (rows as takePending returns them): the production expression of integrateLog, and two
 * cheaper ways to get the same bytes, to back the suggestions in the results. Every variant's
 * output is compared byte for byte with the production one.
 *
 *  A  production: encodeLogEntry(logEntryFor(meta, publicDocument(r)))
 *  B  A, with the document built by Object.assign({}, head, body) (publicDocument used
 *     `{ ...head, ...body }` until commit 83eca26, now Object.assign: then A ≈ B)
 *  C  B, with a lean RFC 8785 serializer for JSON-parsed values (String#isWellFormed instead of
 *     the lone-surrogate RegExp, no per-member path strings, no cycle Set: a value parsed from
 *     jsonb has no cycles), crypto.hash one-shot SHA-256, and the entry written once (validated once)
 */
import { createHash, hash } from 'node:crypto';
import { publicDocument, type StoredPublicRecord } from '../../src/core/public-record-document.ts';
import { encodeLogEntry, logEntryFor } from '../../src/core/tlog/log-entry.ts';

type Row = StoredPublicRecord;

function documentAssign(r: Row): Record<string, unknown> {
  const head = { id: r.id, type: r.type, published_at: r.published_at.toISOString(), category: r.category, platform: r.platform, requester_kind: r.requester_kind };
  if (r.withdrawn_by) return { ...head, withdrawn: true, withdrawal_id: r.withdrawn_by };
  return Object.assign({}, head, r.body);
}

function lean(v: unknown): string {
  if (typeof v === 'string') {
    if (!(v as string & { isWellFormed(): boolean }).isWellFormed()) throw new Error('lone surrogate');
    return JSON.stringify(v);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('not a JSON number');
    return JSON.stringify(v);
  }
  if (v === null || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(lean).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    let s = '';
    for (const k of Object.keys(o).sort()) {
      const x = o[k];
      if (x === undefined) continue;
      s += `${s ? ',' : ''}${lean(k)}:${lean(x)}`;
    }
    return `{${s}}`;
  }
  throw new Error(`a ${typeof v} is not a JSON value`);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPE_RE = /^[a-z][a-z0-9_]{0,63}$/;

function entryLean(r: Row): Uint8Array {
  if (!UUID_RE.test(r.id) || !TYPE_RE.test(r.type)) throw new Error('bad id or type');
  const sha = hash('sha256', lean(documentAssign(r)), 'hex');
  // Members in RFC 8785 order; every value is a JSON-safe ASCII string by construction.
  return Buffer.from(`{"id":"${r.id}","sha256":"${sha}","time":"${r.published_at.toISOString()}","type":"${r.type}"}`, 'latin1');
}

export function entryVariants(rows: Row[]): Record<string, number | boolean> {
  const A = (r: Row) => encodeLogEntry(logEntryFor({ id: r.id, type: r.type, time: r.published_at }, publicDocument(r)));
  const B = (r: Row) => encodeLogEntry(logEntryFor({ id: r.id, type: r.type, time: r.published_at }, documentAssign(r)));
  const C = entryLean;
  const ref = rows.map(A).map((b) => Buffer.from(b).toString('latin1'));
  const same = (f: (r: Row) => Uint8Array) => rows.every((r, i) => Buffer.from(f(r)).toString('latin1') === ref[i]);
  const time = (f: (r: Row) => Uint8Array) => {
    let best = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const t = performance.now();
      for (const r of rows) f(r);
      best = Math.min(best, ((performance.now() - t) * 1000) / rows.length);
    }
    return Math.round(best * 100) / 100;
  };
  // createHash vs crypto.hash on an entry-sized input, for the Merkle hashing (merkle.ts sha256).
  const e = Buffer.from(ref[0]!, 'latin1');
  const hashTime = (f: () => unknown) => {
    const t = performance.now();
    for (let k = 0; k < 100_000; k++) f();
    return Math.round(((performance.now() - t) * 1000 * 100) / 100_000) / 100;
  };
  return {
    rows: rows.length,
    A_production_us: time(A),
    B_object_assign_us: time(B),
    C_lean_us: time(C),
    B_identical: same(B),
    C_identical: same(C),
    createHash_us_per_leaf_hash: hashTime(() => createHash('sha256').update(new Uint8Array([0])).update(e).digest()),
    crypto_hash_us_per_leaf_hash: hashTime(() => hash('sha256', Buffer.concat([Buffer.from([0]), e]), 'buffer')),
  };
}
