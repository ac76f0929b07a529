import type { AssigneeList, Assignment, CaseActionInput, CaseCounts, CaseDetail, CaseList, CaseListQuery } from '../../src/http/routes/case.schemas.ts';
import type { DecisionView, NoActionInput, StatementOfReasonsInput } from '../../src/http/routes/decision.schemas.ts';
import type { RelatedCaseReviewInput, RelatedCaseReviewResult } from '../../src/http/routes/case-duplicate.schemas.ts';
import type { NoticeAddition, NoticeAdditionInput, NoticeWithdrawal, NoticeWithdrawalInput } from '../../src/http/routes/notice-update.schemas.ts';
import { get, send, type Of } from './http.ts';

/** The case desk's calls, typed by the server's schemas (src/http/routes/case.schemas.ts, decision.schemas.ts). */
export type CaseQuery = Of<typeof CaseListQuery> & { queue?: 'unassigned' };
export type CasePage = Of<typeof CaseList>;
export type CaseSummary = CasePage['items'][number];
export type Case = Of<typeof CaseDetail>;
export type Counts = Of<typeof CaseCounts>;
export type Assignees = Of<typeof AssigneeList>;
export type StatementInput = Of<typeof StatementOfReasonsInput>;
export type Decision = Of<typeof DecisionView>;

const path = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;

export const casesApi = {
  /** A page of the queue; `queue: 'unassigned'` is the authorities' queue of content nobody answers for. */
  list: ({ queue, ...q }: CaseQuery) => get<CasePage>(queue === 'unassigned' ? '/api/v1/cases/unassigned' : '/api/v1/cases', q),
  counts: (q: Pick<CaseQuery, 'platform' | 'category' | 'assigned_to'>) => get<Counts>('/api/v1/cases/counts', q),
  get: (id: string) => get<Case>(path(id)),
  assignees: () => get<Assignees>('/api/v1/cases/assignees'),
  assign: (id: string, personId: string | null) => send<Of<typeof Assignment>>('PUT', `${path(id)}/assignee`, { person_id: personId }),
  act: (id: string, input: Of<typeof CaseActionInput>) => send<CaseSummary>('POST', `${path(id)}/actions`, input),
  decide: (id: string, input: StatementInput) => send<Decision>('POST', `${path(id)}/decisions`, input),
  noAction: (id: string, input: Of<typeof NoActionInput>) => send<Decision>('POST', `${path(id)}/no-action`, input),
  /** A platform's review of a suggested duplicate: the same content (merged) or not (dismissed). */
  reviewRelated: (id: string, relatedId: string, input: Of<typeof RelatedCaseReviewInput>) =>
    send<Of<typeof RelatedCaseReviewResult>>('POST', `${path(id)}/related/${encodeURIComponent(relatedId)}`, input),
  /** A submitter adds to its own notice, or withdraws it. */
  addInformation: (noticeId: string, input: Of<typeof NoticeAdditionInput>) =>
    send<Of<typeof NoticeAddition>>('POST', `/api/v1/notices/${encodeURIComponent(noticeId)}/additions`, input),
  withdraw: (noticeId: string, input: Of<typeof NoticeWithdrawalInput>) =>
    send<Of<typeof NoticeWithdrawal>>('POST', `/api/v1/notices/${encodeURIComponent(noticeId)}/withdrawal`, input),
};
