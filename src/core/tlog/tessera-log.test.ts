/**
 * Interoperability with a real C2SP tlog-tiles log written by transparency-dev/tessera (Go): its
 * checkpoints, level-0 tiles and entry bundles at every size from 0 to 15, read from
 * ../shared/testvectors/tessera-log (never copied into this repository).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../../test/shared-data.ts';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import { decodeEntryBundle, encodeEntryBundle } from './entry-bundle.ts';
import { consistencyProof, inclusionProof, leafHash, rootOf, verifyConsistency, verifyInclusion } from './merkle.ts';
import { parseSignerKey, parseVerifierKey } from './note.ts';
import { entriesPath, parseTilePath, rootFromTiles, splitTile, tileHashReader, tilePath } from './tile.ts';
import { TlogError } from './tlog-error.ts';
import { formatTlogProof, verifyTlogProof } from './tlog-proof.ts';

// Skipped when absent, except in CI (CI=true), where its absence fails the suite.
const LOG_DIR = sharedDir('testvectors/tessera-log');
const LOG = LOG_DIR ?? 'testvectors/tessera-log';
const ORIGIN = 'example.com/log/testdata';
const VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';
const SKEY = 'PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg';
const ENTRIES = 'one two three four five six seven eit nain ten ileven twelf threeten fourten fivten'.split(' ').map((e) => new TextEncoder().encode(e));
const LEAVES = ENTRIES.map(leafHash);
const SIZES = Array.from({ length: 16 }, (_, n) => n);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const read = (rel: string) => new Uint8Array(readFileSync(path.join(LOG, rel)));
const checkpointText = (n: number) => readFileSync(path.join(LOG, `checkpoint.${n}`), 'utf8');

describe.skipIf(!LOG_DIR)(`the Tessera test log (${LOG}; skipped when absent)`, () => {
  const vkey = parseVerifierKey(VKEY);

  it('has the key the README gives', () => {
    expect(vkey).toMatchObject({ name: ORIGIN, keyId: 0x33d7b496 });
    expect(parseSignerKey(SKEY).verifierKeyString()).toBe(VKEY);
  });

  it('has checkpoints that verify and match the roots we compute', () => {
    for (const n of SIZES) {
      const { checkpoint } = openCheckpoint(read(`checkpoint.${n}`), vkey);
      expect(checkpoint.origin).toBe(ORIGIN);
      expect(checkpoint.size).toBe(n);
      expect(hex(checkpoint.root), `root at ${n}`).toBe(hex(rootOf(LEAVES.slice(0, n))));
    }
    expect(readFileSync(path.join(LOG, 'checkpoint'), 'utf8')).toBe(checkpointText(15));
  });

  it('reproduces every checkpoint byte for byte with the signer key (Ed25519 is deterministic)', () => {
    const signer = parseSignerKey(SKEY);
    for (const n of SIZES) {
      const text = checkpointText(n);
      const cp = parseCheckpoint(text.slice(0, text.lastIndexOf('\n\n') + 1));
      expect(formatCheckpoint(cp)).toBe(text.slice(0, text.lastIndexOf('\n\n') + 1));
      expect(signCheckpoint(cp, signer), `checkpoint.${n}`).toBe(text);
    }
  });

  it('has level-0 tiles equal to our leaf hashes, and entry bundles of the entries', () => {
    for (const n of SIZES.slice(1)) {
      const tileRel = tilePath(0, 0, n);
      expect(tileRel).toBe(`tile/0/000.p/${n}`);
      expect(parseTilePath(tileRel)).toEqual({ kind: 'tile', level: 0, index: 0, width: n });
      expect(splitTile(read(tileRel), n).map(hex)).toEqual(LEAVES.slice(0, n).map(hex));

      const bundleRel = entriesPath(0, n);
      expect(parseTilePath(bundleRel)).toEqual({ kind: 'entries', index: 0, width: n });
      const bundle = read(bundleRel);
      expect(decodeEntryBundle(bundle, n).map(hex)).toEqual(ENTRIES.slice(0, n).map(hex));
      expect(hex(encodeEntryBundle(ENTRIES.slice(0, n)))).toBe(hex(bundle));
    }
  });

  it('recomputes each checkpoint root from the tiles alone', () => {
    for (const n of SIZES) {
      const root = rootFromTiles(n, (level, index) => (level === 0 && index === 0 && n > 0 ? read(tilePath(0, 0, n)) : undefined));
      expect(hex(root)).toBe(hex(openCheckpoint(read(`checkpoint.${n}`), vkey).checkpoint.root));
    }
  });

  it('proves inclusion and consistency, from its tiles, against its published checkpoints', () => {
    const roots = SIZES.map((n) => openCheckpoint(read(`checkpoint.${n}`), vkey).checkpoint.root);
    for (const n of SIZES.slice(1)) {
      const tile = read(tilePath(0, 0, n));
      const reader = tileHashReader((level, index) => (level === 0 && index === 0 ? tile : undefined));
      for (let i = 0; i < n; i++) verifyInclusion(i, n, LEAVES[i]!, inclusionProof(i, n, reader), roots[n]!);
      for (let m = 1; m <= n; m++) verifyConsistency(m, n, consistencyProof(m, n, reader), roots[m]!, roots[n]!);
      if (n > 1) expect(() => verifyConsistency(n - 1, n, consistencyProof(n - 1, n, reader), roots[n]!, roots[n]!)).toThrow(TlogError);
    }
  });

  it('packages a tlog-proof that verifies with the log key', () => {
    const tile = read(tilePath(0, 0, 15));
    const reader = tileHashReader(() => tile);
    const text = formatTlogProof({ index: 7, proof: inclusionProof(7, 15, reader), checkpoint: checkpointText(15) });
    expect(verifyTlogProof(text, { entry: new TextEncoder().encode('eit') }, vkey)).toMatchObject({ index: 7, checkpoint: { size: 15, origin: ORIGIN } });
    expect(() => verifyTlogProof(text, { entry: new TextEncoder().encode('eight') }, vkey)).toThrow(TlogError);
  });

  it('rejects a wrong key, tampered text and a tampered signature', () => {
    const text = checkpointText(5);
    const spec = parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    expect(() => openCheckpoint(text, spec)).toThrow(TlogError);
    expect(() => openCheckpoint(text.replace('\n5\n', '\n6\n'), vkey)).toThrow(TlogError);
    const root = text.split('\n')[2]!;
    const otherRoot = Buffer.from(rootOf(LEAVES.slice(0, 4))).toString('base64');
    expect(() => openCheckpoint(text.replace(root, otherRoot), vkey)).toThrow(TlogError);
    const sigAt = text.lastIndexOf(' ') + 20;
    const sig = text.slice(0, sigAt) + (text[sigAt] === 'Q' ? 'R' : 'Q') + text.slice(sigAt + 1);
    expect(() => openCheckpoint(sig, vkey)).toThrow(TlogError);
  });
});
