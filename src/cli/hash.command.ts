import { open } from 'node:fs/promises';
import { AppError } from '../core/errors.ts';
import { pdqHash } from '../core/pdq.ts';
import { decodeForPdq, MAX_IMAGE_BYTES } from '../images/decode.ts';

/**
 * `minhbach hash <image-file>...`: one JSON line per file, `{"file", "pdq", "quality"}` (PDQ as 64
 * hex digits, quality 0–100), or `{"file", "error"}` for a file that cannot be read or decoded;
 * the exit code is 1 when any failed, after all were tried. No server, no database: anyone can
 * hash a picture before sending it, and compare with hashes received from elsewhere.
 */
export async function hashCommand(files: string[], write: (line: string) => void): Promise<number> {
  let failed = 0;
  for (const file of files) {
    try {
      write(JSON.stringify({ file, ...pdqHash(await decodeForPdq(await readAtMost(file, MAX_IMAGE_BYTES), 'file')) }));
    } catch (e) {
      if (!(e instanceof AppError) && !isFileError(e)) throw e;
      failed++;
      write(JSON.stringify({ file, error: e instanceof AppError ? e.message : `cannot read: ${(e as NodeJS.ErrnoException).code}` }));
    }
  }
  return failed === 0 ? 0 : 1;
}

/** The file's bytes, reading at most one byte past `limit` (so a huge file is refused without reading it all). */
async function readAtMost(file: string, limit: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function isFileError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).syscall !== undefined;
}
