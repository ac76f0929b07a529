import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import { EMPTY_ROOT, leafHash } from './merkle.ts';
import { NoteSigner, signNote } from './note.ts';
import { TlogError } from './tlog-error.ts';

const ORIGIN = 'minhbach.example/log';
const signer = NoteSigner.fromSeed(ORIGIN, new Uint8Array(32).fill(42));
const root = leafHash(new Uint8Array([1]));
const rootB64 = Buffer.from(root).toString('base64');

describe('checkpoint text', () => {
  it('formats and parses origin, size, root and extension lines', () => {
    const text = formatCheckpoint({ origin: ORIGIN, size: 20852163, root, extensions: [] });
    expect(text).toBe(`${ORIGIN}\n20852163\n${rootB64}\n`);
    expect(parseCheckpoint(text)).toEqual({ origin: ORIGIN, size: 20852163, root, extensions: [] });
    const ext = formatCheckpoint({ origin: ORIGIN, size: 0, root: EMPTY_ROOT, extensions: ['ext one', 'two'] });
    expect(ext).toBe(`${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\next one\ntwo\n`);
    expect(parseCheckpoint(ext).extensions).toEqual(['ext one', 'two']);
  });

  it('rejects malformed checkpoints', () => {
    const bad = [
      `${ORIGIN}\n1\n${rootB64}`, // no final newline
      `${ORIGIN}\n1\n`,
      `\n1\n${rootB64}\n`,
      `${ORIGIN}\n01\n${rootB64}\n`,
      `${ORIGIN}\n-1\n${rootB64}\n`,
      `${ORIGIN}\n+1\n${rootB64}\n`,
      `${ORIGIN}\n1.0\n${rootB64}\n`,
      `${ORIGIN}\n 1\n${rootB64}\n`,
      `${ORIGIN}\n18446744073709551615\n${rootB64}\n`, // beyond 2^53
      `${ORIGIN}\n1\n${rootB64.slice(0, -1)}\n`,
      `${ORIGIN}\n1\n${Buffer.from(root.subarray(1)).toString('base64')}\n`,
      `${ORIGIN}\n1\n${rootB64}\n\n`,
      `${ORIGIN}\n1\n${rootB64}\next\n\n`,
    ];
    for (const text of bad) expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(AppError);
    expect(() => formatCheckpoint({ origin: '', size: 1, root, extensions: [] })).toThrow(AppError);
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, root, extensions: [] })).toThrow(AppError);
    expect(() => formatCheckpoint({ origin: ORIGIN, size: 1.5, root, extensions: [] })).toThrow(AppError);
    expect(() => formatCheckpoint({ origin: ORIGIN, size: 1, root: new Uint8Array(31), extensions: [] })).toThrow(AppError);
    expect(() => formatCheckpoint({ origin: ORIGIN, size: 1, root, extensions: [''] })).toThrow(AppError);
  });
});

describe('signed checkpoints', () => {
  it('signs and opens', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 5, root, extensions: [] }, signer);
    const opened = openCheckpoint(note, signer.verifierKey);
    expect(opened.checkpoint).toEqual({ origin: ORIGIN, size: 5, root, extensions: [] });
    expect(opened.text).toBe(`${ORIGIN}\n5\n${rootB64}\n`);
    expect(opened.signature.keyId).toBe(signer.keyId);
    expect(opened.unverified).toEqual([]);
  });

  it('requires the log key name to be the origin', () => {
    const other = NoteSigner.fromSeed('other.example/log', new Uint8Array(32).fill(1));
    expect(() => signCheckpoint({ origin: ORIGIN, size: 5, root, extensions: [] }, other)).toThrow(AppError);
    // A checkpoint for ORIGIN signed by another log's key does not verify as that log's checkpoint.
    const note = signNote(formatCheckpoint({ origin: ORIGIN, size: 5, root, extensions: [] }), [other]);
    expect(() => openCheckpoint(note, other.verifierKey)).toThrow(TlogError);
  });

  it('rejects a wrong key, tampered text and tampered signatures', () => {
    const note = signCheckpoint({ origin: ORIGIN, size: 5, root, extensions: [] }, signer);
    const stranger = NoteSigner.fromSeed(ORIGIN, new Uint8Array(32).fill(2));
    expect(() => openCheckpoint(note, stranger.verifierKey)).toThrow(TlogError);
    expect(() => openCheckpoint(note.replace('\n5\n', '\n6\n'), signer.verifierKey)).toThrow(TlogError);
    const sigStart = note.lastIndexOf(' ') + 10;
    const flipped = note.slice(0, sigStart) + (note[sigStart] === 'A' ? 'B' : 'A') + note.slice(sigStart + 1);
    expect(() => openCheckpoint(flipped, signer.verifierKey)).toThrow(TlogError);
  });

  it('keeps witness cosignatures as unverified', () => {
    const witness = NoteSigner.fromSeed('witness.example', new Uint8Array(32).fill(3));
    const text = formatCheckpoint({ origin: ORIGIN, size: 5, root, extensions: [] });
    const note = signNote(text, [signer, witness]);
    expect(openCheckpoint(note, signer.verifierKey).unverified.map((s) => s.name)).toEqual(['witness.example']);
  });
});
