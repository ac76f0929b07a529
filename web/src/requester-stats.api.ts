import { get, type Of } from './http.ts';
import type { RequesterStats as RequesterStatsSchema } from '../../src/http/routes/public-stats.schemas.ts';

/** The requesters' record, typed by the server's own schema (imported as a type only). */
export type RequesterStatsData = Of<typeof RequesterStatsSchema>;

export const requesterStatsApi = {
  /** The last 12 months by default; `from`/`to` are months (YYYY-MM). */
  get: (window: { from?: string; to?: string } = {}) => get<RequesterStatsData>('/api/v1/public/stats/requesters', window),
};
