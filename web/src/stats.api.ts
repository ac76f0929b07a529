import { get, type Of } from './http.ts';
import type { PublicStatsCharts } from '../../src/http/routes/public-stats.schemas.ts';

/** The statistics page's charts, typed by the server's own schema (imported as a type only). */
export type StatsCharts = Of<typeof PublicStatsCharts>;

export const statsApi = {
  charts: () => get<StatsCharts>('/api/v1/public/stats/charts'),
};
