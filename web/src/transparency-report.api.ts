import { get, type Of } from './http.ts';
import type { TransparencyReport, TransparencyReportList } from '../../src/http/routes/transparency-report.schemas.ts';

/** Transparency reports, typed by the server's own schemas (imported as types only). */
export type TransparencyReportDoc = Of<typeof TransparencyReport>;
export type TransparencyReportSummary = Of<typeof TransparencyReportList>['items'][number];
export type ReportMeasures = TransparencyReportDoc['totals'];

export const transparencyReportApi = {
  list: () => get<Of<typeof TransparencyReportList>>('/api/v1/public/transparency-reports'),
  get: (id: string) => get<TransparencyReportDoc>(`/api/v1/public/transparency-reports/${encodeURIComponent(id)}`),
  /** The CSV is served from the logged record: a link, not a download made in the browser. */
  csvUrl: (id: string) => `/api/v1/public/transparency-reports/${encodeURIComponent(id)}/csv`,
};
