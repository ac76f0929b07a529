/**
 * PDQ, Meta's perceptual image hash (the one GIFCT, StopNCII and ThreatExchange's
 * Hasher-Matcher-Actioner share), written from its published description: ThreatExchange's
 * `hashing/hashing.pdf` ("The TMK+PDQF video-hashing algorithm and the PDQ image-hashing algorithm",
 * section "PDQ"), with the reference implementations (pdq/cpp, pdq/python) read for the constants.
 *
 * Pipeline (the spec's order):
 *   1. luminance Y = 0.299 R + 0.587 G + 0.114 B per pixel (the reference's coefficients);
 *   2. a two-pass Jarosz box filter ("Fast image convolutions", SIGGRAPH 2001): rows, columns, rows,
 *      columns, each a box of ceil(dimension / 128) pixels, which together make a tent filter about
 *      1/64 of the image wide — so the next step's sampling does not alias;
 *   3. decimation to 64×64 by taking the filtered pixel at each cell's centre;
 *   4. quality: the sum of quantized gradients of the 64×64 image, a heuristic 0–100 (a flat or
 *      nearly flat image has too little structure for its hash to mean anything; the spec suggests
 *      ignoring hashes below 50 for matching);
 *   5. the 16×16 lowest non-constant frequencies of the 2-D DCT-II of the 64×64 image (rows and
 *      columns 1..16, not 0: the DC term says only how bright the image is);
 *   6. one bit per coefficient: 1 when it is strictly above the median of the 256.
 *
 * Hex form (as the reference prints it, and as the hash-sharing programs exchange it): the 256 bits
 * are 16 words of 16 bits, word i = DCT row i, bit j of the word = DCT column j; the hex string is
 * word 15 first, each word as 4 hex digits. `pdqBits` below holds the same 32 bytes in that order.
 *
 * Pure: pixels in, hash out. Decoding an image file is the caller's (src/images/decode.ts).
 */

/** Rows and columns of the decimated image the DCT reads (the spec's 64×64). */
const SIZE = 64;
/** The hash is 16×16 DCT coefficients: 256 bits. */
const DCT_SIZE = 16;
/** Each box-filter pass spans 1/128 of the dimension: two passes make a tent 1/64 wide (one 64×64 cell). */
const JAROSZ_WINDOW_DIVISOR = 128;
const JAROSZ_PASSES = 2;
/** Distance at or below which two PDQ hashes are the same image, as hash-sharing programs match them. */
export const PDQ_MATCH_DISTANCE = 31;

export interface PdqPixels {
  width: number;
  height: number;
  /** 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA), interleaved, row-major. Alpha is ignored, as the reference does. */
  channels: number;
  data: Uint8Array;
}

export interface PdqHash {
  /** 64 hex digits, the reference's order. */
  pdq: string;
  /** 0–100; below 50 the spec advises not to match on the hash. */
  quality: number;
}

/** Luminance of each pixel, row-major. */
export function luminance(image: PdqPixels): Float32Array {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError(`image size ${width}×${height} is not usable`);
  if (![1, 2, 3, 4].includes(channels)) throw new RangeError(`channels must be 1 to 4, not ${channels}`);
  if (data.length !== width * height * channels) throw new RangeError(`pixel data has ${data.length} bytes, expected ${width * height * channels}`);
  const n = width * height;
  const out = new Float32Array(n);
  if (channels < 3) {
    // Grey to RGB repeats the value; the weights sum to 1, so Y is the grey level.
    for (let p = 0; p < n; p++) out[p] = data[p * channels]!;
  } else {
    for (let p = 0, q = 0; p < n; p++, q += channels) out[p] = 0.299 * data[q]! + 0.587 * data[q + 1]! + 0.114 * data[q + 2]!;
  }
  return out;
}

/** ceil(dimension / 128): the box width of one pass along that dimension. */
export function jaroszWindow(dimension: number): number {
  return Math.ceil(dimension / JAROSZ_WINDOW_DIVISOR);
}

/** How far a box of `window` pixels reaches behind and ahead of its output pixel (the reference's phases). */
function reach(window: number): { behind: number; ahead: number } {
  const ahead = Math.floor((window + 2) / 2) - 1;
  return { behind: window - ahead - 1, ahead };
}

/**
 * One 1-D box filter over `length` values read at `start + k * stride`. Output k is the mean of the
 * inputs from k − (w − h) to k + h − 1, h = floor((w + 2) / 2), clipped at the ends (the mean of
 * the values inside): the reference's four-phase running sum, where a 7-wide box reaches 3 back and
 * 3 ahead and an 8-wide one 3 back and 4 ahead.
 */
export function boxFilter1d(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void {
  const { behind, ahead } = reach(window);
  let sum = 0;
  let lo = 0; // first index inside the window
  let hi = -1; // last index inside the window
  for (let k = 0; k < length; k++) {
    const wantHi = Math.min(length - 1, k + ahead);
    while (hi < wantHi) sum += input[start + ++hi * stride]!;
    const wantLo = Math.max(0, k - behind);
    while (lo < wantLo) sum -= input[start + lo++ * stride]!;
    output[start + k * stride] = sum / (hi - lo + 1);
  }
}

/**
 * The same box down every column of a rows × cols image at once: one running sum per column,
 * moving a row at a time, so memory is read in order (a column at a time would stride across it).
 */
export function boxFilterColumns(input: Float32Array, output: Float32Array, rows: number, cols: number, window: number): void {
  const { behind, ahead } = reach(window);
  const sums = new Float64Array(cols);
  let lo = 0;
  let hi = -1;
  for (let k = 0; k < rows; k++) {
    const wantHi = Math.min(rows - 1, k + ahead);
    while (hi < wantHi) {
      const at = ++hi * cols;
      for (let j = 0; j < cols; j++) sums[j]! += input[at + j]!;
    }
    const wantLo = Math.max(0, k - behind);
    while (lo < wantLo) {
      const at = lo++ * cols;
      for (let j = 0; j < cols; j++) sums[j]! -= input[at + j]!;
    }
    const count = hi - lo + 1;
    const out = k * cols;
    for (let j = 0; j < cols; j++) output[out + j] = sums[j]! / count;
  }
}

/** The Jarosz tent filter in place on `luma` (rows × cols), `scratch` of the same size. */
export function jaroszFilter(luma: Float32Array, scratch: Float32Array, rows: number, cols: number): void {
  const alongRows = jaroszWindow(cols);
  const alongCols = jaroszWindow(rows);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let i = 0; i < rows; i++) boxFilter1d(luma, scratch, i * cols, cols, 1, alongRows);
    boxFilterColumns(scratch, luma, rows, cols, alongCols);
  }
}

/** The 64×64 image: the filtered pixel at the centre of each cell. */
export function decimate64(filtered: Float32Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < SIZE; i++) {
    const row = Math.floor(((i + 0.5) * rows) / SIZE);
    for (let j = 0; j < SIZE; j++) out[i * SIZE + j] = filtered[row * cols + Math.floor(((j + 0.5) * cols) / SIZE)]!;
  }
  return out;
}

/**
 * The spec's quality heuristic: the sum over all vertically and horizontally adjacent pairs of the
 * 64×64 image of |trunc((u − v) · 100 / 255)| — small differences count for nothing, so noise does
 * not pass for structure — divided by 90 (truncated), at most 100.
 */
export function pdqQuality(image64: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < SIZE - 1; i++) {
    for (let j = 0; j < SIZE; j++) sum += Math.abs(Math.trunc(((image64[i * SIZE + j]! - image64[(i + 1) * SIZE + j]!) * 100) / 255));
  }
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE - 1; j++) sum += Math.abs(Math.trunc(((image64[i * SIZE + j]! - image64[i * SIZE + j + 1]!) * 100) / 255));
  }
  return Math.min(100, Math.trunc(sum / 90));
}

/** D[i][j] = sqrt(2/64) · cos(π/128 · (i + 1) · (2j + 1)), i < 16, j < 64: DCT-II rows 1..16. */
const DCT_MATRIX: Float64Array = (() => {
  const d = new Float64Array(DCT_SIZE * SIZE);
  const scale = Math.sqrt(2 / SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < SIZE; j++) d[i * SIZE + j] = scale * Math.cos((Math.PI / (2 * SIZE)) * (i + 1) * (2 * j + 1));
  }
  return d;
})();

/** B = D · A · Dᵀ: the 16×16 low frequencies (without DC) of the 64×64 image, row-major. */
export function dct64To16(image64: Float64Array): Float64Array {
  const t = new Float64Array(DCT_SIZE * SIZE); // T = D · A, 16×64
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let k = 0; k < SIZE; k++) {
      const dik = DCT_MATRIX[i * SIZE + k]!;
      for (let j = 0; j < SIZE; j++) t[i * SIZE + j]! += dik * image64[k * SIZE + j]!;
    }
  }
  const b = new Float64Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      let s = 0;
      for (let k = 0; k < SIZE; k++) s += t[i * SIZE + k]! * DCT_MATRIX[j * SIZE + k]!;
      b[i * DCT_SIZE + j] = s;
    }
  }
  return b;
}

/** The lower median (the 128th smallest of 256), which the reference's Torben median returns. */
export function lowerMedian(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor((sorted.length + 1) / 2) - 1]!;
}

/** 32 bytes in hex order: bit (i, j) of the 16×16 is bit j % 8 of byte 2 · (15 − i) + (j < 8 ? 1 : 0). */
export function pdqBits(coefficients: Float64Array): Uint8Array {
  const median = lowerMedian(coefficients);
  const bytes = new Uint8Array(32);
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      if (coefficients[i * DCT_SIZE + j]! > median) bytes[2 * (DCT_SIZE - 1 - i) + (j < 8 ? 1 : 0)]! |= 1 << (j & 7);
    }
  }
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const PDQ_HEX = /^[0-9a-f]{64}$/i;

/** The 32 bytes of a PDQ hex string; a string that is not 64 hex digits is a RangeError. */
export function pdqHexToBytes(hex: string): Uint8Array {
  if (!PDQ_HEX.test(hex)) throw new RangeError('a PDQ hash is 64 hex digits');
  const bytes = new Uint8Array(32);
  for (let k = 0; k < 32; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
  return bytes;
}

const POPCOUNT8 = Uint8Array.from({ length: 256 }, (_, v) => {
  let c = 0;
  for (let x = v; x !== 0; x &= x - 1) c++;
  return c;
});

/** Number of differing bits between two PDQ hashes (hex), 0–256. */
export function pdqDistance(a: string, b: string): number {
  const x = pdqHexToBytes(a);
  const y = pdqHexToBytes(b);
  let d = 0;
  for (let k = 0; k < 32; k++) d += POPCOUNT8[x[k]! ^ y[k]!]!;
  return d;
}

/** The PDQ hash and quality of an image given as pixels (already decoded, any size). */
export function pdqHash(image: PdqPixels): PdqHash {
  const luma = luminance(image);
  jaroszFilter(luma, new Float32Array(luma.length), image.height, image.width);
  const image64 = decimate64(luma, image.height, image.width);
  return { pdq: bytesToHex(pdqBits(dct64To16(image64))), quality: pdqQuality(image64) };
}
