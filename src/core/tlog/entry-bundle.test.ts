import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { MAX_ENTRY_SIZE, decodeEntryBundle, encodeEntryBundle } from './entry-bundle.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('entry bundles', () => {
  it('prefixes each entry with its uint16 big-endian length', () => {
    const bundle = encodeEntryBundle([new TextEncoder().encode('one'), new Uint8Array(0), new Uint8Array(0x1234).fill(9)]);
    expect(hex(bundle.subarray(0, 5))).toBe('00036f6e65');
    expect(hex(bundle.subarray(5, 9))).toBe('00001234');
    expect(bundle).toHaveLength(2 + 3 + 2 + 2 + 0x1234);
  });

  it('round-trips, including empty and maximal entries', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 256 }), (entries) => {
        expect(decodeEntryBundle(encodeEntryBundle(entries), entries.length).map(hex)).toEqual(entries.map(hex));
      }),
      { numRuns: 50 },
    );
    const big = [randomBytes(MAX_ENTRY_SIZE), new Uint8Array(0)];
    expect(decodeEntryBundle(encodeEntryBundle(big)).map(hex)).toEqual(big.map(hex));
  });

  it('rejects entries over 65,535 bytes and more than 256 entries', () => {
    expect(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)])).toThrow(AppError);
    expect(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(1)))).toThrow(AppError);
    expect(() => decodeEntryBundle(new Uint8Array(257 * 2))).toThrow(AppError);
  });

  it('rejects truncated bundles and wrong counts', () => {
    const bundle = encodeEntryBundle([new Uint8Array([1, 2, 3]), new Uint8Array([4])]);
    for (let cut = 1; cut < bundle.length; cut++) {
      if (cut === 5) continue; // a whole first entry: a valid one-entry bundle
      expect(() => decodeEntryBundle(bundle.subarray(0, cut)), `cut at ${cut}`).toThrow(AppError);
    }
    expect(decodeEntryBundle(bundle.subarray(0, 5))).toHaveLength(1);
    expect(() => decodeEntryBundle(bundle.subarray(0, 5), 2)).toThrow(AppError);
    expect(() => decodeEntryBundle(bundle, 3)).toThrow(AppError);
    expect(decodeEntryBundle(new Uint8Array(0))).toEqual([]);
  });
});
