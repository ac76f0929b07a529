/**
 * Image hashing benchmark (`npm run bench:images`): PDQ hashes per second on one core, over the
 * reference test images (../shared/testvectors/pdq/images: 30 JPEG/PNG files, 34×42 to 1600×1004).
 *
 *  1. hash alone: `pdqHash` (src/core/pdq.ts) on pixels already decoded and shrunk to fit 512×512,
 *     as the CLI and the service hand them over;
 *  2. decode + hash: `decodeForPdq` (src/images/decode.ts: sharp/libvips, shrink-on-load) then
 *     `pdqHash`, from the file's bytes in memory — what hashing an upload costs. libvips is held to
 *     one thread (`sharp.concurrency(1)`) and its cache is off, so the figure is per core;
 *  3. for scale: `pdqHash` on the full-size pixels of the largest image (no shrink), what skipping
 *     the 512 px shrink would cost.
 *
 * Each measurement runs the image set round-robin for at least BENCH_IMAGES_SECONDS (default 3)
 * seconds. Results: bench/results/images.{md,json} (BENCH_RESULTS_DIR to change).
 * Not measured here: lookup at a million stored hashes (needs the database index; a later part).
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { pdqHash, type PdqPixels } from '../../src/core/pdq.ts';
import { decodeForPdq } from '../../src/images/decode.ts';
import { machineInfo } from '../machine.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.resolve(ROOT, process.env.BENCH_RESULTS_DIR || 'bench/results');
const IMAGES = path.resolve(ROOT, '../shared/testvectors/pdq/images');
const MIN_SECONDS = Number(process.env.BENCH_IMAGES_SECONDS || 3);

sharp.concurrency(1);
sharp.cache(false);

function listImages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listImages(full) : /\.(?:jpe?g|png|webp)$/i.test(name) ? [full] : [];
  });
}

/** Runs `step(k)` for k = 0, 1, 2… until MIN_SECONDS have passed; returns operations per second. */
async function rate(step: (k: number) => unknown): Promise<{ ops: number; seconds: number; per_second: number }> {
  const start = process.hrtime.bigint();
  let ops = 0;
  let seconds = 0;
  while (seconds < MIN_SECONDS) {
    await step(ops++);
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { ops, seconds: round(seconds, 2), per_second: round(ops / seconds, 1) };
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

const started = new Date();
const machine = { ...machineInfo(), load_average: os.loadavg().map((x) => round(x, 2)) };
console.log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memory_gib} GiB, node ${machine.node}, load ${machine.load_average.join(' ')}`);

const files = listImages(IMAGES).sort();
if (files.length === 0) throw new Error(`no images under ${IMAGES}: the benchmark reads ../shared/testvectors/pdq`);
const bytes = files.map((f) => readFileSync(f));
const pixels: PdqPixels[] = [];
for (const b of bytes) pixels.push(await decodeForPdq(b));
const megapixels = round(pixels.reduce((s, p) => s + p.width * p.height, 0) / pixels.length / 1e6, 3);

// Warm up the JIT and libvips before timing.
for (let k = 0; k < 3 * files.length; k++) pdqHash(pixels[k % pixels.length]!);
for (const b of bytes) pdqHash(await decodeForPdq(b));

const hashAlone = await rate((k) => pdqHash(pixels[k % pixels.length]!));
console.log(`hash alone (≤512 px, mean ${megapixels} MP): ${hashAlone.per_second}/s`);
const decodeAndHash = await rate(async (k) => pdqHash(await decodeForPdq(bytes[k % bytes.length]!)));
console.log(`decode + hash (files of mean ${round(bytes.reduce((s, b) => s + b.length, 0) / bytes.length / 1024, 1)} KiB): ${decodeAndHash.per_second}/s`);

const largest = bytes.reduce((best, b, k) => (b.length > bytes[best]!.length ? k : best), 0);
const full = await sharp(bytes[largest]!).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
const fullPixels: PdqPixels = { width: full.info.width, height: full.info.height, channels: full.info.channels, data: full.data };
const fullSize = await rate(() => pdqHash(fullPixels));
console.log(`hash alone, full size ${full.info.width}×${full.info.height}: ${fullSize.per_second}/s`);

const result = {
  generated: started.toISOString(),
  machine,
  images: { count: files.length, directory: '../shared/testvectors/pdq/images', mean_megapixels_after_shrink: megapixels },
  per_core: {
    hash_alone: hashAlone,
    decode_and_hash: decodeAndHash,
    hash_full_size: { ...fullSize, image: path.relative(IMAGES, files[largest]!), width: full.info.width, height: full.info.height },
  },
};
mkdirSync(RESULTS, { recursive: true });
writeFileSync(path.join(RESULTS, 'images.json'), JSON.stringify(result, null, 2) + '\n');
writeFileSync(
  path.join(RESULTS, 'images.md'),
  `# Images: PDQ hashes per second, one core

Generated by \`npm run bench:images\` (bench/images/run.ts) on ${result.generated}.

Machine: ${machine.cores} × ${machine.cpu}, ${machine.memory_gib} GiB RAM, Node ${machine.node}, ${machine.os}; load average at start ${machine.load_average.join(' / ')} (the machine is shared: figures are indicative).

Images: the ${files.length} PDQ reference test images (JPEG and PNG, 34×42 to 1600×1004), round-robin, at least ${MIN_SECONDS} s per line. One thread: libvips held to one (\`sharp.concurrency(1)\`), its cache off.

| measure | per second, one core | ms each |
|---|---|---|
| hash alone (pixels shrunk to fit 512×512, mean ${megapixels} MP) | ${hashAlone.per_second} | ${round(1000 / hashAlone.per_second, 2)} |
| decode + hash (JPEG/PNG bytes in memory → sharp → PDQ) | ${decodeAndHash.per_second} | ${round(1000 / decodeAndHash.per_second, 2)} |
| hash alone, full size ${full.info.width}×${full.info.height} (no shrink) | ${fullSize.per_second} | ${round(1000 / fullSize.per_second, 2)} |

Decoding costs most: the hash itself (luminance, two box-filter passes, a 64×64 → 16×16 DCT, a median) is about a quarter of an upload's hashing time. Shrinking to 512 px while decoding (as the reference's Python hasher does) keeps both the decode and the filter passes bounded whatever the upload's size.

Not measured here: lookup among 1M stored hashes (needs the database index; a later part of issue 15).
`,
);
console.log(`wrote ${path.relative(ROOT, path.join(RESULTS, 'images.md'))} and images.json`);
