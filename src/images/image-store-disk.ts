import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkAddress, type ImageStore } from './image-store.ts';

/**
 * Images in a directory (by default `<data dir>/images`): `ab/cd/<sha256>`, two levels of 256
 * folders so that no folder grows past what file systems list comfortably. A file is written under
 * a temporary name and renamed into place, so a reader (or a crash) never sees half an image; two
 * writers of the same image rename the same bytes over each other, which is harmless.
 */
export function diskImageStore(dir: string): ImageStore {
  const fileOf = (sha256: string) => path.join(dir, checkAddress(sha256).slice(0, 2), sha256.slice(2, 4), sha256);
  return {
    kind: 'disk',
    async put(sha256, bytes) {
      const file = fileOf(sha256);
      if (await exists(file)) return;
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        // Owner only, like the rest of the data directory (src/db/data-dir-permissions.ts).
        await writeFile(temp, bytes, { mode: 0o600, flag: 'wx', flush: true });
        await rename(temp, file);
      } catch (e) {
        await rm(temp, { force: true });
        throw e;
      }
    },
    async get(sha256) {
      try {
        const data = await readFile(fileOf(sha256));
        return new Uint8Array(data.buffer, data.byteOffset, data.length);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async delete(sha256) {
      await rm(fileOf(sha256), { force: true });
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
