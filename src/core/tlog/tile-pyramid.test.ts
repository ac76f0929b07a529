import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { buildProof, inclusionPlan, leafHash, consistencyPlan } from './merkle.ts';
import { integrateTiles } from './integrate.ts';
import { nodeHashFromTile, tileHashReader, tilesForNodes, TILE_HEIGHT, TILE_WIDTH } from './tile.ts';
import { MAX_PYRAMID_BYTES, TilePyramid, fillPyramid, pyramidBytes, pyramidHashReader } from './tile-pyramid.ts';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** A tile of `width` distinct pseudo-random hashes. */
function tileOf(width: number, seed: number): Uint8Array {
  const out = new Uint8Array(width * 32);
  for (let i = 0; i < width; i++) out.set(createHash('sha256').update(`${seed}/${i}`).digest(), i * 32);
  return out;
}

/** Every tile of a tree of `size` leaves, keyed "level/index" (as stored: the latest copy). */
function treeTiles(size: number): Map<string, Uint8Array> {
  const leaves = Array.from({ length: size }, (_, i) => leafHash(new TextEncoder().encode(`entry ${i}`)));
  const tiles = new Map<string, Uint8Array>();
  for (const t of integrateTiles(0, leaves, () => undefined)) tiles.set(`${t.level}/${t.index}`, t.data);
  return tiles;
}

describe('tile pyramids', () => {
  it('sizes rows 0–7 of a tile, partial tiles included', () => {
    expect(pyramidBytes(256)).toBe(510 * 32);
    expect(MAX_PYRAMID_BYTES).toBe(510 * 32);
    expect(pyramidBytes(1)).toBe(32);
    expect(pyramidBytes(3)).toBe((3 + 1) * 32);
    expect(pyramidBytes(255)).toBe((255 + 127 + 63 + 31 + 15 + 7 + 3 + 1) * 32);
    for (const bad of [0, 257, 1.5, -1, NaN]) expect(() => pyramidBytes(bad)).toThrow(AppError);
  });

  it('holds exactly the nodes nodeHashFromTile computes, for any tile and width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: TILE_WIDTH }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 100_000 }), fc.nat(), (width, tileLevel, tileIndex, seed) => {
        const tile = tileOf(width, seed);
        const p = TilePyramid.build(tileLevel, tileIndex, tile);
        expect(p.width).toBe(width);
        expect(p.bytes.length).toBe(pyramidBytes(width));
        for (let h = 0; h < TILE_HEIGHT; h++) {
          const level = tileLevel * TILE_HEIGHT + h;
          const perTile = TILE_WIDTH >> h;
          for (let at = 0; at < perTile; at++) {
            const index = tileIndex * perTile + at;
            const node = p.node(level, index);
            if ((at + 1) << h <= width) expect(hex(node!)).toBe(hex(nodeHashFromTile(level, index, tile)));
            else expect(node).toBeUndefined();
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('answers only for nodes under its own tile', () => {
    const p = TilePyramid.build(1, 5, tileOf(256, 1));
    expect(p.node(8, 5 * 256)).toBeDefined();
    expect(p.node(15, 5 * 2 + 1)).toBeDefined();
    expect(p.node(8, 4 * 256 + 255)).toBeUndefined(); // the tile to the left
    expect(p.node(8, 6 * 256)).toBeUndefined(); // to the right
    expect(p.node(7, 5 * 256 * 2)).toBeUndefined(); // the level-0 tiles below
    expect(p.node(16, 5)).toBeUndefined(); // the tile's root lives in the tile above
  });

  it('reuses a caller buffer, and refuses malformed tiles and short buffers', () => {
    const into = new Uint8Array(MAX_PYRAMID_BYTES);
    const a = TilePyramid.build(0, 0, tileOf(256, 2), into);
    expect(a.bytes).toBe(into);
    expect(hex(a.node(7, 0)!)).toBe(hex(nodeHashFromTile(7, 0, tileOf(256, 2))));
    // A narrower tile in the same buffer: its rows start at its own offsets.
    const b = TilePyramid.build(0, 0, tileOf(17, 3), into);
    expect(b.bytes).toBe(into);
    expect(hex(b.node(4, 0)!)).toBe(hex(nodeHashFromTile(4, 0, tileOf(17, 3))));
    expect(b.node(5, 0)).toBeUndefined();
    for (const bad of [new Uint8Array(0), new Uint8Array(33), new Uint8Array(257 * 32)]) expect(() => fillPyramid(bad, into)).toThrow(AppError);
    expect(() => fillPyramid(tileOf(256, 4), new Uint8Array(pyramidBytes(255)))).toThrow(AppError);
  });

  it('gives the same inclusion and consistency proofs as tileHashReader, on the right edge of partial trees too', () => {
    // Sizes past one level-1 tile so that proofs cross full and partial tiles of two levels.
    const size = 3 * TILE_WIDTH * TILE_WIDTH + 5 * TILE_WIDTH + 7;
    const tiles = treeTiles(size);
    const pyramids = new Map<string, TilePyramid>();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: size }), fc.nat(), fc.nat(), (n, a, b) => {
        // Tiles as a tree of size n has them: a stored partial tile wider than that is a prefix.
        const atSize = (plan: ReturnType<typeof inclusionPlan>) => {
          const have = new Map<string, Uint8Array>();
          for (const t of tilesForNodes(plan.flat(), n)) have.set(`${t.level}/${t.index}`, tiles.get(`${t.level}/${t.index}`)!.subarray(0, t.width * 32));
          return have;
        };
        const pyramidReader = (have: Map<string, Uint8Array>) =>
          pyramidHashReader((l, i) => {
            const tile = have.get(`${l}/${i}`);
            if (!tile) return undefined;
            const key = `${l}/${i}/${tile.length}`;
            if (!pyramids.has(key)) pyramids.set(key, TilePyramid.build(l, i, tile));
            return pyramids.get(key);
          });
        const index = a % n;
        const incl = inclusionPlan(index, n);
        const have = atSize(incl);
        expect(buildProof(incl, pyramidReader(have)).map(hex)).toEqual(
          buildProof(
            incl,
            tileHashReader((l, i) => have.get(`${l}/${i}`)),
          ).map(hex),
        );
        const old = 1 + (b % n);
        const cons = consistencyPlan(old, n);
        const haveC = atSize(cons);
        expect(buildProof(cons, pyramidReader(haveC)).map(hex)).toEqual(
          buildProof(
            cons,
            tileHashReader((l, i) => haveC.get(`${l}/${i}`)),
          ).map(hex),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('says which tile is missing rather than returning a wrong hash', () => {
    const p = TilePyramid.build(0, 0, tileOf(10, 5));
    const read = pyramidHashReader((l, i) => (l === 0 && i === 0 ? p : undefined));
    expect(hex(read(1, 4))).toBe(hex(nodeHashFromTile(1, 4, tileOf(10, 5))));
    expect(() => read(1, 5)).toThrow(/covers node 1\/5/); // beyond the partial tile's width
    expect(() => read(0, 256)).toThrow(/tile 0\/1/);
    expect(() => read(8, 0)).toThrow(/tile 1\/0/);
  });
});
