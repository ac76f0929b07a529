import { get, send, type Of } from './http.ts';
import type { PublicMatch, PublicReportInput, PublicReportStatus, ReportChallenge, SubmittedReport } from '../../src/http/routes/public-report.schemas.ts';

/** The public report form's API (src/http/routes/public-report.routes.ts), typed by its schemas. */
export type ReportInput = Of<typeof PublicReportInput>;
export type ReportStatus = Of<typeof PublicReportStatus>;
export type Match = Of<typeof PublicMatch>;

export const reportApi = {
  challenge: () => send<Of<typeof ReportChallenge>>('POST', '/api/v1/public/report-challenges'),
  submit: (input: ReportInput) => send<Of<typeof SubmittedReport>>('POST', '/api/v1/public/reports', input),
  status: (code: string) => get<ReportStatus>(`/api/v1/public/reports/${encodeURIComponent(code)}`),
  match: (url: string) => send<Match>('POST', '/api/v1/public/report-match', { url }),
};
