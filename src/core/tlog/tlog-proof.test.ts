import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { signCheckpoint } from './checkpoint.ts';
import { hashReaderFromLeaves, inclusionProof, leafHash, rootOf } from './merkle.ts';
import { NoteSigner } from './note.ts';
import { TlogError } from './tlog-error.ts';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from './tlog-proof.ts';

const ORIGIN = 'minhbach.example/log';
const signer = NoteSigner.fromSeed(ORIGIN, new Uint8Array(32).fill(9));
const entries = Array.from({ length: 13 }, (_, i) => new TextEncoder().encode(`entry ${i}`));
const leaves = entries.map(leafHash);
const checkpoint = signCheckpoint({ origin: ORIGIN, size: leaves.length, root: rootOf(leaves), extensions: [] }, signer);
const proofFor = (index: number, extra?: Uint8Array) =>
  formatTlogProof({ index, proof: inclusionProof(index, leaves.length, hashReaderFromLeaves(leaves)), checkpoint, ...(extra ? { extra } : {}) });

describe('tlog-proof', () => {
  it('writes the c2sp.org/tlog-proof@v1 layout', () => {
    const text = proofFor(5, new TextEncoder().encode('age-v1.2.1'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('c2sp.org/tlog-proof@v1');
    expect(lines[1]).toBe(`extra ${Buffer.from('age-v1.2.1').toString('base64')}`);
    expect(lines[2]).toBe('index 5');
    expect(lines.slice(3, 7).every((l) => Buffer.from(l, 'base64').length === 32)).toBe(true);
    expect(lines[7]).toBe('');
    expect(text.endsWith(checkpoint)).toBe(true);
    expect(text.slice(text.indexOf('\n\n') + 2)).toBe(checkpoint);
    expect(parseTlogProof(text)).toMatchObject({ index: 5, checkpoint, extra: new TextEncoder().encode('age-v1.2.1') });
    expect(parseTlogProof(proofFor(0))).not.toHaveProperty('extra');
  });

  it('verifies every entry, by entry or by leaf hash', () => {
    for (let i = 0; i < entries.length; i++) {
      expect(verifyTlogProof(proofFor(i), { entry: entries[i]! }, signer.verifierKey)).toMatchObject({ index: i, checkpoint: { size: 13, origin: ORIGIN } });
      expect(verifyTlogProof(proofFor(i), { leafHash: leaves[i]! }, signer.verifierKey).index).toBe(i);
    }
  });

  it('handles a proof with no hashes (a one-entry log)', () => {
    const one = signCheckpoint({ origin: ORIGIN, size: 1, root: leaves[0]!, extensions: [] }, signer);
    const text = formatTlogProof({ index: 0, proof: [], checkpoint: one });
    expect(text).toBe(`c2sp.org/tlog-proof@v1\nindex 0\n\n${one}`);
    expect(verifyTlogProof(text, { entry: entries[0]! }, signer.verifierKey).index).toBe(0);
  });

  it('rejects the wrong entry, index, key, or a tampered proof', () => {
    expect(() => verifyTlogProof(proofFor(3), { entry: entries[4]! }, signer.verifierKey)).toThrow(TlogError);
    expect(() => verifyTlogProof(proofFor(3).replace('index 3', 'index 2'), { entry: entries[3]! }, signer.verifierKey)).toThrow(TlogError);
    expect(() => verifyTlogProof(proofFor(3).replace('index 3', 'index 13'), { entry: entries[3]! }, signer.verifierKey)).toThrow(TlogError);
    const other = NoteSigner.fromSeed(ORIGIN, new Uint8Array(32).fill(10));
    expect(() => verifyTlogProof(proofFor(3), { entry: entries[3]! }, other.verifierKey)).toThrow(TlogError);
    const text = proofFor(3);
    const line = text.split('\n')[2]!;
    const flipped = text.replace(line, Buffer.from(Buffer.from(line, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64'));
    expect(() => verifyTlogProof(flipped, { entry: entries[3]! }, signer.verifierKey)).toThrow(TlogError);
  });

  it('rejects malformed proofs', () => {
    const good = proofFor(3);
    const bad = [
      good.replace('c2sp.org/tlog-proof@v1', 'c2sp.org/tlog-proof@v2'),
      good.replace('index 3', 'index 03'),
      good.replace('index 3', 'index  3'),
      good.replace('index 3', 'idx 3'),
      good.replace('index 3\n', 'extra \nindex 3\n'),
      good.replace('index 3\n', 'extra !!\nindex 3\n'),
      good.replace('\n\n', '\n'),
      good.slice(0, good.indexOf('\n\n') + 2),
      good.replace(/\n([A-Za-z0-9+/]{43}=)\n/, '\n$1x\n'),
      good.replace(/\n[A-Za-z0-9+/]{43}=\n/, '\nAAAA\n'),
      'c2sp.org/tlog-proof@v1',
    ];
    for (const text of bad) expect(() => verifyTlogProof(text, { entry: entries[3]! }, signer.verifierKey), text.slice(0, 60)).toThrow(AppError);
    expect(() => formatTlogProof({ index: -1, proof: [], checkpoint })).toThrow(AppError);
    expect(() => formatTlogProof({ index: 1, proof: [new Uint8Array(5)], checkpoint })).toThrow(AppError);
    expect(() => formatTlogProof({ index: 1, proof: [], checkpoint, extra: new Uint8Array(0) })).toThrow(AppError);
  });
});
