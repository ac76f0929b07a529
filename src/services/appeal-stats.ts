import { publishedHours } from '../core/public-stats.ts';
import type { Db } from '../db/db.ts';
import { appealAnswersByPlatform } from '../repositories/appeal.repository.ts';

/**
 * The appeals' own figures beside the public statistics' counts of appeals and reversals
 * (public-stats-charts.service.ts): how decided appeals ended (upheld, modified) and how long the
 * platform took to answer (median and 90th percentile, in hours), per platform (`of(platform)`)
 * and for all (`of(null)`). Read from the appeals table, which knows when each appeal was made
 * and which decision answered it.
 */
export async function appealAnswerFigures(db: Db) {
  const rows = await appealAnswersByPlatform(db);
  return {
    of(platform: string | null) {
      const r = rows.find((x) => x.platform === platform);
      return {
        upheld: r?.upheld ?? 0,
        modified: r?.modified ?? 0,
        answer_median_hours: publishedHours(r?.median_hours ?? null),
        answer_p90_hours: publishedHours(r?.p90_hours ?? null),
      };
    },
  };
}
