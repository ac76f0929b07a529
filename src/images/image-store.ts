/**
 * Where the bytes of images attached to notices are kept, addressed by their SHA-256 (lowercase
 * hex): the same picture sent twice is stored once, and a stored file can be checked against its
 * name. Two implementations: a directory (image-store-disk.ts, the embedded default) and an
 * S3-compatible bucket (image-store-s3.ts). The database holds what is known about each image
 * (table `images`); the store holds only bytes.
 *
 * Images and their hashes are never public (a published hash helps an adversary test evasions):
 * nothing in a store is reachable except through GET /api/v1/images/{sha256}, which checks who asks.
 */
export interface ImageStore {
  readonly kind: 'disk' | 's3';
  /** Stores the bytes under their SHA-256. Idempotent: storing what is there already changes nothing. */
  put(sha256: string, bytes: Uint8Array, mime: string): Promise<void>;
  /** The bytes, or null when nothing is stored under that address. */
  get(sha256: string): Promise<Uint8Array | null>;
  /** Removes the bytes (nothing happens when there are none): for erasure and tests. */
  delete(sha256: string): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(s: string): boolean {
  return SHA256_HEX.test(s);
}

/**
 * Every address reaching a store passes here: it becomes a file name or an object key, so
 * anything but 64 lowercase hex digits (a `../`, say) is a programming error, never tried.
 */
export function checkAddress(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not an image address (64 lowercase hex digits): ${JSON.stringify(sha256.slice(0, 80))}`);
  return sha256;
}
