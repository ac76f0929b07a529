import type {
  CounterNoticeInput,
  CounterNoticeList,
  CounterNoticeProgress,
  CounterNoticeView,
  CourtFilingInput,
  StatementCounterNotice,
} from '../../src/http/routes/counter-notice.schemas.ts';
import { get, send, type Of } from './http.ts';

/** Counter-notices (src/http/routes/counter-notice.routes.ts), typed by the server's schemas. */
export type StatementCounterNoticeView = Of<typeof StatementCounterNotice>;
export type CounterNoticeProgressView = Of<typeof CounterNoticeProgress>;
export type CaseCounterNotice = Of<typeof CounterNoticeView>;

const base = (token: string) => `/api/v1/public/statements/${encodeURIComponent(token)}`;

export const counterNoticeApi = {
  /** Whether one may be filed on the statement's decision, and the one filed; no personal data. */
  ofStatement: (token: string) => get<StatementCounterNoticeView>(`${base(token)}/counter-notice`),
  file: (token: string, body: Of<typeof CounterNoticeInput>) => send<CounterNoticeProgressView>('POST', `${base(token)}/counter-notices`, body),
  ofCase: (caseId: string) => get<Of<typeof CounterNoticeList>>(`/api/v1/cases/${encodeURIComponent(caseId)}/counter-notices`),
  courtFiling: (id: string, body: Of<typeof CourtFilingInput>) => send<CaseCounterNotice>('POST', `/api/v1/counter-notices/${encodeURIComponent(id)}/court-filing`, body),
};
