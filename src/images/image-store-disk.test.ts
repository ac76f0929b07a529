import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskImageStore } from './image-store-disk.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every file under the store, relative to it. */
function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe('the disk image store', () => {
  it('keeps bytes under ab/cd/<sha256>, readable by the owner only, and gives them back', async () => {
    const store = diskImageStore(dir);
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const address = sha(bytes);
    expect(await store.get(address)).toBeNull();
    await store.put(address, bytes, 'image/png');
    expect(files(dir)).toEqual([path.join(address.slice(0, 2), address.slice(2, 4), address)]);
    expect(statSync(path.join(dir, address.slice(0, 2), address.slice(2, 4), address)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await store.get(address))!)).toEqual(Buffer.from(bytes));
  });

  it('stores the same image once, however often and however concurrently it is put, leaving no temporary file', async () => {
    const store = diskImageStore(dir);
    const bytes = new Uint8Array(200_000).fill(7);
    const address = sha(bytes);
    await Promise.all(Array.from({ length: 5 }, () => store.put(address, bytes, 'image/jpeg')));
    await store.put(address, bytes, 'image/jpeg');
    const mine = files(dir).filter((f) => f.includes(address.slice(0, 8)));
    expect(mine).toEqual([path.join(address.slice(0, 2), address.slice(2, 4), address)]);
  });

  it('deletes, and deleting what is not there is no error', async () => {
    const store = diskImageStore(dir);
    const bytes = new Uint8Array([9, 9, 9]);
    const address = sha(bytes);
    await store.put(address, bytes, 'image/webp');
    await store.delete(address);
    expect(await store.get(address)).toBeNull();
    await store.delete(address);
  });

  it('never turns anything but 64 lowercase hex digits into a path', async () => {
    const store = diskImageStore(dir);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not an image address/);
    await expect(store.put('A'.repeat(64), new Uint8Array([1]), 'image/png')).rejects.toThrow(/not an image address/);
  });
});
