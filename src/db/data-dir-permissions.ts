import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded database and the log's signing key are files: whoever can read them reads every
 * private notice, and whoever can write them can add an API key's hash or sign a forged log.
 * So they must belong to this user alone, and minhbach refuses to start otherwise, saying how to
 * fix it, rather than quietly serving from a directory anyone on the machine can open.
 */
export class UnsafePermissionsError extends Error {
  constructor(
    readonly path: string,
    mode: number,
    kind: 'directory' | 'file',
  ) {
    const fix = kind === 'directory' ? `chmod 700 ${path}` : `chmod 600 ${path}`;
    super(
      `The ${kind === 'directory' ? 'data directory' : 'log key file'} ${path} can be read or written by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): ` +
        `anyone on this machine could ${kind === 'directory' ? 'read private notices or add an API key' : 'read or replace the log signing key'}. ` +
        `Make it private with: ${fix}`,
    );
    this.name = 'UnsafePermissionsError';
  }
}

// POSIX permission bits mean nothing on Windows, where access is governed by ACLs instead.
const checked = process.platform !== 'win32';

/** Refuses a file or directory that the group or others may read, write or enter. */
export function assertPrivate(path: string, kind: 'directory' | 'file'): void {
  if (!checked) return;
  const { mode } = statSync(path);
  if ((mode & 0o077) !== 0) throw new UnsafePermissionsError(path, mode, kind);
}

/**
 * Makes the data directory (0700) if it is missing, and refuses one that others can open. New
 * files inside keep others out too: openDatabase sets the process umask to 0077 first.
 */
export function preparePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertPrivate(dir, 'directory');
}

/**
 * Takes group and other permissions off everything under `dir`. PGlite's file system layer sets
 * 0666 on the files it creates whatever the umask, so this runs once it has opened the database
 * and again when it closes. In between, new files sit in a 0700 directory no one else can enter.
 */
export function restrictTree(dir: string): void {
  if (!checked) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    const { mode } = lstatSync(p);
    if ((mode & 0o077) !== 0) chmodSync(p, mode & 0o700);
    if (entry.isDirectory()) restrictTree(p);
  }
}
