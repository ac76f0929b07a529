import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';

/** Data shared between projects, beside the repository (../shared), never copied into it. */
export const SHARED_DIR = path.resolve(fileURLToPath(new URL('..', import.meta.url)), '../shared');

/**
 * The path of `relative` under ../shared, or null when it is absent, in which case the caller
 * skips the tests that read it. In CI (CI=true) an absent directory is a failure, never a silent
 * skip: a failing test naming the directory is registered in the calling file.
 */
export function sharedDir(relative: string): string | null {
  const dir = path.join(SHARED_DIR, relative);
  if (existsSync(dir)) return dir;
  if (process.env.CI === 'true') {
    it(`has the shared test data ${dir} (required when CI=true)`, () => {
      throw new Error(`${dir} is missing: CI must provide ../shared/${relative}; without it these tests would be skipped silently`);
    });
  }
  return null;
}
