import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { workerSetup } from './services/worker-setup.ts';

describe('open data dump settings', () => {
  it('write beside the embedded database by default, and where MINHBACH_DUMPS_DIR says', () => {
    expect(loadConfig({ MINHBACH_DATA_DIR: 'var/db' }, '/srv/minhbach').dumpsDir).toBe(path.resolve('/srv/minhbach/var/db/dumps'));
    expect(loadConfig({ MINHBACH_DUMPS_DIR: 'public/dumps' }, '/srv/minhbach').dumpsDir).toBe(path.resolve('/srv/minhbach/public/dumps'));
  });

  it('have no default on PostgreSQL, where API servers and workers may not share a disk: no dumps unless a directory is given', () => {
    const pg = { DATABASE_URL: 'postgres://db.example/minhbach' };
    expect(loadConfig(pg).dumpsDir).toBeNull();
    expect(workerSetup(loadConfig(pg)).tasks.map((t) => t.name)).not.toContain('open data dump');
    const shared = loadConfig({ ...pg, MINHBACH_DUMPS_DIR: '/mnt/shared/dumps' });
    expect(shared.dumpsDir).toBe('/mnt/shared/dumps');
    expect(workerSetup(shared).tasks.map((t) => t.name)).toContain('open data dump');
  });
});
