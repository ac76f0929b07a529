import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { EMPTY_ROOT, TreeBuilder, consistencyPlan, hashReaderFromLeaves, inclusionPlan, buildProof, peakNodes } from './merkle.ts';
import {
  entriesPath,
  formatTileIndex,
  joinTile,
  nodeHashFromTile,
  nodeTileLocation,
  parentTile,
  parseTileIndex,
  parseTilePath,
  partialWidth,
  rootFromTiles,
  splitTile,
  tileHashReader,
  tileLevels,
  tileParentHash,
  tilePath,
  tileWidthAt,
  tilesBetween,
  tilesForNodes,
  tilesForSize,
} from './tile.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('tile index paths', () => {
  it('writes the spec examples', () => {
    expect(formatTileIndex(1234067)).toBe('x001/x234/067');
    expect(formatTileIndex(5)).toBe('005');
    expect(formatTileIndex(0)).toBe('000');
    expect(formatTileIndex(1000)).toBe('x001/000');
    expect(formatTileIndex(999)).toBe('999');
    expect(formatTileIndex(2 ** 53 - 1)).toBe('x009/x007/x199/x254/x740/991');
  });

  it('parses back canonical spellings only', () => {
    expect(parseTileIndex('x001/x234/067')).toBe(1234067);
    expect(parseTileIndex('005')).toBe(5);
    expect(parseTileIndex('x001/x000/000')).toBe(1_000_000);
    for (const bad of [
      '',
      '5',
      '05',
      '0005',
      'x005',
      'x000/005',
      'x000/x001/005',
      '005/x001',
      '005/006',
      'x1234/000',
      'x001/x234/67',
      'x001/x234/0670',
      'X001/000',
      'x001//000',
      'x001/000/',
      '/000',
      'x-01/000',
      'x001/ 00',
      '１２３',
      'x010/x007/x199/x254/x740/x992',
    ]) {
      expect(() => parseTileIndex(bad), bad).toThrow(AppError);
    }
  });

  it('round-trips every index', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (n) => parseTileIndex(formatTileIndex(n)) === n));
    fc.assert(fc.property(fc.nat(10_000_000), (n) => parseTileIndex(formatTileIndex(n)) === n));
  });

  it('writes and parses tile and entry bundle paths', () => {
    expect(tilePath(0, 1234067)).toBe('tile/0/x001/x234/067');
    expect(tilePath(1, 0, 17)).toBe('tile/1/000.p/17');
    expect(tilePath(63, 5, 256)).toBe('tile/63/005');
    expect(entriesPath(273, 112)).toBe('tile/entries/273.p/112');
    expect(entriesPath(1000)).toBe('tile/entries/x001/000');
    expect(parseTilePath('tile/0/x001/x234/067')).toEqual({ kind: 'tile', level: 0, index: 1234067, width: 256 });
    expect(parseTilePath('tile/2/000.p/1')).toEqual({ kind: 'tile', level: 2, index: 0, width: 1 });
    expect(parseTilePath('tile/entries/273.p/112')).toEqual({ kind: 'entries', index: 273, width: 112 });
    expect(parseTilePath('tile/63/000.p/255')).toEqual({ kind: 'tile', level: 63, index: 0, width: 255 });
    for (const bad of [
      'tile/64/000',
      'tile/01/000',
      'tile/0/000.p/256',
      'tile/0/000.p/0',
      'tile/0/000.p/012',
      'tile/0/000.p/',
      'tile/0/000.p',
      'tile/0/5',
      'tile/data/000',
      '/tile/0/000',
      'tile/0/000/',
      'tile/-1/000',
      'tile/0/x000/005',
      'tile/entries/000.p/1000',
      'tiles/0/000',
    ]) {
      expect(() => parseTilePath(bad), bad).toThrow(AppError);
    }
    expect(() => tilePath(64, 0)).toThrow(AppError);
    expect(() => tilePath(0, 0, 0)).toThrow(AppError);
    expect(() => tilePath(0, 0, 257)).toThrow(AppError);
    expect(() => entriesPath(-1)).toThrow(AppError);
  });

  it('round-trips paths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 63 }), fc.maxSafeNat(), fc.integer({ min: 1, max: 256 }), (level, index, width) => {
        expect(parseTilePath(tilePath(level, index, width))).toEqual({ kind: 'tile', level, index, width });
        expect(parseTilePath(entriesPath(index, width))).toEqual({ kind: 'entries', index, width });
      }),
    );
  });
});

describe('tiles of a tree', () => {
  it('has the spec example for 70,000 entries', () => {
    expect(tileLevels(70_000)).toEqual([
      { level: 0, fullTiles: 273, partialWidth: 112 },
      { level: 1, fullTiles: 1, partialWidth: 17 },
      { level: 2, fullTiles: 0, partialWidth: 1 },
    ]);
    const tiles = tilesForSize(70_000);
    expect(tiles.filter((t) => t.level === 0 && t.width === 256)).toHaveLength(273);
    expect(tiles.filter((t) => t.width < 256)).toEqual([
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
    expect(tiles.filter((t) => t.level === 1 && t.width === 256)).toEqual([{ level: 1, index: 0, width: 256 }]);
    expect(tiles).toHaveLength(273 + 1 + 1 + 1 + 1);
    expect([0, 1, 2, 3].map((l) => partialWidth(l, 70_000))).toEqual([112, 17, 1, 0]);
  });

  it('has the spec example for 256 entries, and none for the empty tree', () => {
    expect(tilesForSize(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(tilesForSize(0)).toEqual([]);
    expect(tilesForSize(1)).toEqual([{ level: 0, index: 0, width: 1 }]);
  });

  it('lists the tiles to write when the tree grows', () => {
    expect(tilesBetween(10, 10)).toEqual([]);
    expect(tilesBetween(10, 20)).toEqual([{ level: 0, index: 0, width: 20 }]);
    expect(tilesBetween(250, 300)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 0, index: 1, width: 44 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(tilesBetween(256, 300)).toEqual([{ level: 0, index: 1, width: 44 }]);
    expect(() => tilesBetween(5, 4)).toThrow(AppError);
    // Growing in steps writes, at the end, every tile of the tree at its final width.
    fc.assert(
      fc.property(fc.array(fc.nat(70_000), { maxLength: 6 }), (cuts) => {
        const sizes = [0, ...cuts.sort((a, b) => a - b), 70_000];
        const last = new Map<string, number>();
        for (let i = 1; i < sizes.length; i++) for (const t of tilesBetween(sizes[i - 1]!, sizes[i]!)) last.set(`${t.level}/${t.index}`, t.width);
        expect(last).toEqual(new Map(tilesForSize(70_000).map((t) => [`${t.level}/${t.index}`, t.width])));
      }),
    );
  });

  it('locates node hashes in tiles', () => {
    expect(nodeTileLocation(0, 1234)).toEqual({ tileLevel: 0, tileIndex: 4, start: 210, end: 211 });
    expect(nodeTileLocation(3, 5)).toEqual({ tileLevel: 0, tileIndex: 0, start: 40, end: 48 });
    expect(nodeTileLocation(8, 3)).toEqual({ tileLevel: 1, tileIndex: 0, start: 3, end: 4 });
    expect(nodeTileLocation(9, 200)).toEqual({ tileLevel: 1, tileIndex: 1, start: 144, end: 146 });
    expect(tileWidthAt(0, 4, 1234)).toBe(210);
    expect(tileWidthAt(0, 5, 1234)).toBe(0);
    expect(tileWidthAt(1, 0, 70_000)).toBe(256);
  });
});

// --- Tiles built from a tree of 70,000 leaves -----------------------------------------------------

const MAX = 70_000;
// Cheap, distinct leaf hashes: SHA-256 of the index (not RFC 6962 leaf hashes of real entries;
// tiles treat level-0 hashes as opaque).
const LEAVES = Array.from({ length: MAX }, (_, i) => new Uint8Array(createHash('sha256').update(String(i)).digest()));
/** Every tile of the 70,000 tree, full width; a smaller tree's tile is a prefix of it. */
const TILES = new Map<string, Uint8Array[]>();
const ROOTS = new Map<number, Uint8Array>();
const SAMPLE_SIZES = [0, 1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 69_999, MAX, ...Array.from({ length: 40 }, (_, i) => ((i + 1) * 7919 * 17) % MAX)];
{
  const b = new TreeBuilder();
  const wanted = new Set(SAMPLE_SIZES);
  ROOTS.set(0, b.root());
  LEAVES.forEach((h, i) => {
    b.append(h, (level, index, node) => {
      if (level % 8 !== 0) return;
      const key = `${level / 8}/${Math.floor(index / 256)}`;
      const tile = TILES.get(key) ?? [];
      tile[index % 256] = node;
      TILES.set(key, tile);
    });
    if (wanted.has(i + 1)) ROOTS.set(i + 1, b.root());
  });
}

/** getTile for a tree of `size`: each tile at exactly the width it has at that size. */
function tilesAt(size: number) {
  return (level: number, index: number): Uint8Array | undefined => {
    const width = tileWidthAt(level, index, size);
    return width === 0 ? undefined : joinTile(TILES.get(`${level}/${index}`)!.slice(0, width));
  };
}

describe('reading a tree from its tiles', () => {
  it('recomputes the root from tiles at many sizes across three tile levels', () => {
    for (const size of SAMPLE_SIZES) expect(hex(rootFromTiles(size, tilesAt(size))), `size ${size}`).toBe(hex(ROOTS.get(size)!));
    expect(hex(rootFromTiles(0, () => undefined))).toBe(hex(EMPTY_ROOT));
  });

  it('needs only the tiles tilesForNodes names', () => {
    for (const size of SAMPLE_SIZES) {
      const needed = tilesForNodes(peakNodes(size), size);
      const only = new Map(needed.map((t) => [`${t.level}/${t.index}`, joinTile(TILES.get(`${t.level}/${t.index}`)!.slice(0, t.width))]));
      expect(hex(rootFromTiles(size, (l, i) => only.get(`${l}/${i}`)))).toBe(hex(ROOTS.get(size)!));
    }
    // 70,000 = 2^16 + 2^12 + 2^8 + 112: the 2^16 peak is hash 0 of the level-2 partial tile, the
    // 2^12 peak folds hashes 0–15 of the level-1 partial tile, the 2^8 peak is its hash 16, and
    // the last 112 leaves are in the level-0 partial tile.
    expect(tilesForNodes(peakNodes(70_000), 70_000)).toEqual([
      { level: 2, index: 0, width: 1 },
      { level: 1, index: 1, width: 17 },
      { level: 0, index: 273, width: 112 },
    ]);
    expect(() => tilesForNodes([{ level: 3, index: 1 }], 15)).toThrow(AppError);
  });

  it('gives the same proofs from tiles as from the leaves', () => {
    const small = LEAVES.slice(0, 5000);
    const direct = hashReaderFromLeaves(small);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.nat(), fc.nat(), (size, a, b) => {
        const fromTiles = tileHashReader(tilesAt(size));
        const plans = [inclusionPlan(a % size, size), consistencyPlan(1 + (b % size), size)];
        for (const plan of plans) expect(buildProof(plan, fromTiles).map(hex)).toEqual(buildProof(plan, direct).map(hex));
      }),
      { numRuns: 60 },
    );
  });

  it('computes level-1 tiles from full level-0 tiles', () => {
    const level0 = Array.from({ length: 273 }, (_, i) => joinTile(TILES.get(`0/${i}`)!));
    expect(hex(parentTile(level0.slice(0, 256)))).toBe(hex(joinTile(TILES.get('1/0')!)));
    expect(hex(parentTile(level0.slice(256)))).toBe(hex(joinTile(TILES.get('1/1')!.slice(0, 17))));
    expect(hex(tileParentHash(level0[5]!))).toBe(hex(TILES.get('1/0')![5]!));
    expect(() => tileParentHash(level0[0]!.subarray(0, 32 * 255))).toThrow(AppError); // partial tiles are never hashed up
  });

  it('reads intermediate-level nodes out of one tile', () => {
    const tile = joinTile(TILES.get('0/3')!);
    const read = hashReaderFromLeaves(LEAVES.slice(0, 1024));
    expect(hex(nodeHashFromTile(5, 3 * 8 + 2, tile))).toBe(hex(read(5, 26)));
    expect(hex(nodeHashFromTile(0, 3 * 256 + 7, tile))).toBe(hex(LEAVES[3 * 256 + 7]!));
    expect(() => nodeHashFromTile(7, 7, tile.subarray(0, 32 * 200))).toThrow(AppError);
  });

  it('splits and joins tile bytes', () => {
    const bytes = joinTile(LEAVES.slice(0, 3));
    expect(bytes).toHaveLength(96);
    expect(splitTile(bytes).map(hex)).toEqual(LEAVES.slice(0, 3).map(hex));
    expect(() => splitTile(new Uint8Array(0))).toThrow(AppError);
    expect(() => splitTile(new Uint8Array(33))).toThrow(AppError);
    expect(() => splitTile(new Uint8Array(32 * 257))).toThrow(AppError);
    expect(() => splitTile(bytes, 4)).toThrow(AppError);
    expect(() => joinTile([])).toThrow(AppError);
    expect(() => joinTile([new Uint8Array(31)])).toThrow(AppError);
  });
});
