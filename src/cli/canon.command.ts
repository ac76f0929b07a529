import { AppError } from '../core/errors.ts';
import { canonicalizeUrl } from '../core/url-canonical.ts';
import { OFFLINE_DIRECTORY } from '../services/service-registry.service.ts';
import { readInput } from './read-input.ts';

/**
 * `minhbach canon <url>...` (or URLs one per line on standard input): one JSON line per URL, and
 * `{"input", "error"}` for one that is not usable, so a list can be cleaned in one pass. It reads
 * no database: services are the built-in ones, and any other site is named by its registrable domain.
 */
export function canonCommand(args: string[], write: (line: string) => void): number {
  const urls =
    args.length > 0
      ? args
      : readInput('-')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l !== '');
  let failed = 0;
  for (const input of urls) {
    try {
      write(JSON.stringify(canonicalizeUrl(input, OFFLINE_DIRECTORY)));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      failed++;
      write(JSON.stringify({ input, error: e.message }));
    }
  }
  return failed === 0 ? 0 : 1;
}
