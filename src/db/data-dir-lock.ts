import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { preparePrivateDir } from './data-dir-permissions.ts';

/**
 * PGlite is one process's database: two processes opening the same data directory would corrupt
 * it. The first to start writes a lock file with its pid; a lock left by a dead process is taken over.
 */
export interface LockInfo {
  pid: number;
  /** Where the holder serves HTTP, if it is a server, so the CLI can reach it instead. */
  url?: string;
  /** Lets the CLI use the server's operator routes; the file is readable by its owner only. */
  operator_token?: string;
  /** Whether that server runs the background work itself (so `minhbach worker` can say). */
  linker?: boolean;
  log_integrator?: boolean;
  worker?: boolean;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The data directory ${dataDir} is in use by another minhbach process (pid ${holder.pid}${holder.url ? `, serving ${holder.url}` : ''}). ` +
        'The embedded database can be opened by one process at a time: stop that process first, or run on PostgreSQL (DATABASE_URL) to share the database.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'minhbach.lock');
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** The live process holding the data directory, if any (a lock left by a dead one is no holder). */
export function liveHolder(dataDir: string): LockInfo | null {
  const holder = readLock(dataDir);
  return holder && holder.pid !== process.pid && isAlive(holder.pid) ? holder : null;
}

export interface DataDirLock {
  update(info: Partial<LockInfo>): void;
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  preparePrivateDir(dataDir);
  const file = lockPath(dataDir);
  let info: LockInfo = { pid: process.pid };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createWithContent(file, JSON.stringify(info));
      let released = false;
      return {
        update(more) {
          info = { ...info, ...more };
          writeFileAtomic(file, JSON.stringify(info));
        },
        release() {
          if (released) return;
          released = true;
          try {
            unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new DataDirLockedError(dataDir, holder);
      // Stale: its process is gone. Remove it and try once more (another process may race us to it).
      try {
        unlinkSync(file);
      } catch {
        /* someone else removed it */
      }
    }
  }
  throw new DataDirLockedError(dataDir, readLock(dataDir) ?? { pid: -1 });
}

/**
 * Creates the lock file, full, or throws EEXIST: written beside and hard-linked into place, so no
 * other process ever reads it empty (and takes an empty lock for a stale one).
 */
function createWithContent(file: string, content: string): void {
  const temp = writeBeside(file, 'new', content);
  try {
    linkSync(temp, file);
  } finally {
    unlinkSync(temp);
  }
}

/** Written beside and renamed over: a reader (the CLI, a test) never sees the lock file half written. */
function writeFileAtomic(file: string, content: string): void {
  renameSync(writeBeside(file, 'tmp', content), file);
}

/** A private file next to `file`, holding `content`; its path. */
function writeBeside(file: string, suffix: string, content: string): string {
  const temp = `${file}.${process.pid}.${suffix}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return temp;
}
