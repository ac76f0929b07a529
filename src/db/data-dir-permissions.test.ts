import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLogSigner } from '../services/log-key.service.ts';
import { assertPrivate, preparePrivateDir, UnsafePermissionsError } from './data-dir-permissions.ts';
import { openDatabase } from './open.ts';

const root = mkdtempSync(path.join(tmpdir(), 'minhbach-perms-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (p: string) => statSync(p).mode & 0o777;

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    yield p;
    if (e.isDirectory()) yield* walk(p);
  }
}

describe.runIf(process.platform !== 'win32' && process.env.MINHBACH_TEST_DB !== 'postgres')('who may read the embedded database and the log key', () => {
  it('makes a missing data directory private', () => {
    const dir = path.join(root, 'new', 'data');
    preparePrivateDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('refuses a data directory others can open, naming it and the fix', () => {
    for (const mode of [0o755, 0o750, 0o701, 0o777]) {
      const dir = mkdtempSync(path.join(root, 'open-'));
      chmodSync(dir, mode);
      expect(() => preparePrivateDir(dir)).toThrow(UnsafePermissionsError);
      expect(() => preparePrivateDir(dir)).toThrow(`chmod 700 ${dir}`);
      chmodSync(dir, 0o700);
      expect(() => preparePrivateDir(dir)).not.toThrow();
    }
  });

  it('refuses a log key file others can read, and creates a new one private', () => {
    const dir = mkdtempSync(path.join(root, 'key-'));
    const keyFile = path.join(dir, 'log-key');
    const config = { origin: 'test.minhbach.localhost/log', keyFile, integrator: true };
    const made = loadLogSigner(config);
    expect(modeOf(keyFile)).toBe(0o600);
    chmodSync(keyFile, 0o644);
    expect(() => loadLogSigner(config)).toThrow(`chmod 600 ${keyFile}`);
    chmodSync(keyFile, 0o600);
    expect(loadLogSigner(config).verifierKeyString()).toBe(made.verifierKeyString());

    const elsewhere = path.join(dir, 'keys', 'log-key');
    loadLogSigner({ ...config, keyFile: elsewhere });
    expect(modeOf(path.dirname(elsewhere))).toBe(0o700);
    expect(() => assertPrivate(elsewhere, 'file')).not.toThrow();
  });

  it('opens the embedded database with every file private to this user', async () => {
    const dataDir = path.join(root, 'db');
    const previous = process.umask(0o000); // the most careless setting: files would be 0666
    try {
      const database = await openDatabase({ driver: 'pglite', dataDir });
      await database.close();
    } finally {
      process.umask(previous);
    }
    const open = [dataDir, ...walk(dataDir)].filter((p) => (statSync(p).mode & 0o077) !== 0);
    expect(open).toEqual([]);
    expect(existsSync(path.join(dataDir, 'pgdata'))).toBe(true);
  }, 60_000);

  it('refuses to open a data directory others can read, before touching it', async () => {
    const dataDir = mkdtempSync(path.join(root, 'shared-'));
    chmodSync(dataDir, 0o755);
    await expect(openDatabase({ driver: 'pglite', dataDir })).rejects.toThrow(`chmod 700 ${dataDir}`);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
