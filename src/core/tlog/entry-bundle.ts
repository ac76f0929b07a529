/**
 * Entry bundles of c2sp.org/tlog-tiles (`tile/entries/<N>`): up to 256 consecutive log entries,
 * each as a big-endian uint16 length and the entry's bytes. The uint16 is why one entry is at most
 * 65,535 bytes, and why the log holds compact entries (log-entry.ts) rather than whole records.
 */
import { TILE_WIDTH } from './tile.ts';
import { malformed } from './tlog-error.ts';

export const MAX_ENTRY_SIZE = 0xffff;

export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) throw malformed(`an entry bundle holds at most ${TILE_WIDTH} entries, got ${entries.length}`, 'entries');
  let length = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_ENTRY_SIZE) throw malformed(`entry is ${e.length} bytes, at most ${MAX_ENTRY_SIZE} fit a bundle`, `entries[${i}]`);
    length += 2 + e.length;
  });
  const out = new Uint8Array(length);
  let at = 0;
  for (const e of entries) {
    out[at] = e.length >>> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/**
 * The entries of a bundle, as views into its bytes (no copy). Rejects a truncated bundle and one
 * of more than 256 entries; with `expectedCount` (the bundle's width), also a bundle of any other
 * count, since a tile path promises exactly that many.
 */
export function decodeEntryBundle(bytes: Uint8Array, expectedCount?: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw malformed(`entry bundle is truncated in the length of entry ${out.length}`, 'bundle');
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    if (at + 2 + length > bytes.length) throw malformed(`entry bundle is truncated in entry ${out.length}`, 'bundle');
    out.push(bytes.subarray(at + 2, at + 2 + length));
    at += 2 + length;
    if (out.length > TILE_WIDTH) throw malformed(`entry bundle holds more than ${TILE_WIDTH} entries`, 'bundle');
  }
  if (expectedCount !== undefined && out.length !== expectedCount) throw malformed(`entry bundle holds ${out.length} entries, expected ${expectedCount}`, 'bundle');
  return out;
}
