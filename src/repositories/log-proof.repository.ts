import type { Db } from '../db/db.ts';

const bytes = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export interface ProofMaterial {
  /**
   * The record's leaf, and the stored copy of the level-0 tile holding it in base64 (null if none
   * is stored): text the caller decodes into a buffer it reuses, where a bytea would cost a
   * longer (hex) string plus a Buffer of its own per proof, garbage the proof server's tail
   * latency pays for in GC pauses.
   */
  entry: { index: number; entry: Uint8Array; tileBase64: string | null } | null;
  /** Size of the newest checkpoint, null when the log has none. */
  latestSize: number | null;
  /**
   * That checkpoint, unless it is the `known` one asked with (same size and root): its root, note
   * and the stored copies of the partial tiles on its right edge (at least as wide as at that size).
   */
  checkpoint: { size: number; root: Uint8Array; note: string; edge: { level: number; index: number; hashes: Uint8Array }[] } | null;
}

/**
 * Everything an inclusion proof of a record needs beyond full tiles above level 0, in one
 * statement: one round trip, and one snapshot, so the entry, its tile and the checkpoint agree
 * (the integrator commits entries, tiles and their checkpoint together). The newest checkpoint's
 * note and right-edge tiles are sent only when it is not the one the caller already has.
 */
export async function readProofMaterial(db: Db, recordId: string, known: { size: number; rootHex: string } | null): Promise<ProofMaterial> {
  const rows = await db.query<{
    kind: 'e' | 'c' | 't';
    n: string;
    level: number | null;
    entry: Uint8Array | null;
    tile: string | null;
    hashes: Uint8Array | null;
    root: Uint8Array | null;
    note: string | null;
  }>(
    `WITH e AS (
       SELECT idx, entry FROM log_entries WHERE record_id = $1::uuid
     ), cp AS (
       SELECT size, root, note, NOT (size = $2::bigint AND root = decode($3, 'hex')) AS fresh
       FROM log_checkpoints ORDER BY log_checkpoints.size DESC LIMIT 1
     )
     SELECT 'e'::text AS kind, e.idx::text AS n, 0::smallint AS level, e.entry, replace(encode(t.hashes, 'base64'), E'\\n', '') AS tile, NULL::bytea AS hashes, NULL::bytea AS root, NULL::text AS note
       FROM e LEFT JOIN log_tiles t ON t.level = 0 AND t.idx = e.idx >> 8
     UNION ALL
     SELECT 'c', cp.size::text, NULL, NULL, NULL, NULL, CASE WHEN cp.fresh THEN cp.root END, CASE WHEN cp.fresh THEN cp.note END FROM cp
     UNION ALL
     SELECT 't', t.idx::text, t.level, NULL, NULL, t.hashes, NULL, NULL
       FROM cp CROSS JOIN generate_series(0, 6) AS k(level)
       JOIN log_tiles t ON t.level = k.level AND t.idx = cp.size >> (8 * (k.level + 1))
       WHERE cp.fresh AND (cp.size >> (8 * k.level)) % 256 <> 0`,
    [recordId, String(known?.size ?? -1), known?.rootHex ?? ''],
  );
  let entry: ProofMaterial['entry'] = null;
  let latestSize: number | null = null;
  let root: Uint8Array | null = null;
  let note: string | null = null;
  const edge: { level: number; index: number; hashes: Uint8Array }[] = [];
  for (const r of rows) {
    if (r.kind === 'e') entry = { index: Number(r.n), entry: bytes(r.entry!), tileBase64: r.tile };
    else if (r.kind === 'c') {
      latestSize = Number(r.n);
      root = r.root && bytes(r.root);
      note = r.note;
    } else edge.push({ level: r.level!, index: Number(r.n), hashes: bytes(r.hashes!) });
  }
  return { entry, latestSize, checkpoint: latestSize !== null && root !== null && note !== null ? { size: latestSize, root, note, edge } : null };
}
