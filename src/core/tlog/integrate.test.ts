import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrateTiles, type TileWrite } from './integrate.ts';
import { leafHash, rootOf } from './merkle.ts';
import { rootFromTiles, tilesForSize } from './tile.ts';

const leaves = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) =>
    leafHash(
      createHash('sha256')
        .update(String(from + i))
        .digest(),
    ),
  );

/** Applies batches the way the integrator does, keeping the latest copy of each tile. */
function grow(batches: number[]): { size: number; tiles: Map<string, Uint8Array> } {
  const tiles = new Map<string, Uint8Array>();
  let size = 0;
  for (const n of batches) {
    const writes: TileWrite[] = integrateTiles(size, leaves(size, size + n), (l, i) => tiles.get(`${l}/${i}`));
    for (const w of writes) tiles.set(`${w.level}/${w.index}`, w.data);
    size += n;
  }
  return { size, tiles };
}

describe('integrateTiles', () => {
  it('builds, batch by batch, exactly the tiles of the whole tree, whose root is the tree root', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 8 }), (batches) => {
        const { size, tiles } = grow(batches);
        const expected = tilesForSize(size);
        expect([...tiles.keys()].sort()).toEqual(expected.map((t) => `${t.level}/${t.index}`).sort());
        for (const t of expected) expect(tiles.get(`${t.level}/${t.index}`)!.length).toBe(t.width * 32);
        expect(Buffer.from(rootFromTiles(size, (l, i) => tiles.get(`${l}/${i}`)))).toEqual(Buffer.from(rootOf(leaves(0, size))));
      }),
      { numRuns: 40 },
    );
  });

  it('fills a second tile level once 256 full tiles exist (65,536 + 300 leaves in three batches)', () => {
    const { size, tiles } = grow([65_000, 536, 300]);
    expect(tiles.get('1/0')!.length).toBe(256 * 32);
    expect(tiles.get('2/0')!.length).toBe(32);
    expect(Buffer.from(rootFromTiles(size, (l, i) => tiles.get(`${l}/${i}`)))).toEqual(Buffer.from(rootOf(leaves(0, size))));
  });

  it('refuses to grow a tree whose partial tile is missing', () => {
    expect(() => integrateTiles(10, leaves(10, 11), () => undefined)).toThrow(/partial tile 0\/0/);
  });
});
