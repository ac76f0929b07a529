import type { CaseStatus, DecisionOutcome } from './case-state.ts';
import { truncateCanonicalUrl } from './public-url.ts';

/**
 * What the holder of a tracking code sees of each reported URL: where its case stands, in three
 * stages a member of the public follows (received → in review → decided), the deadline while an
 * answer is owed, and the outcome with its public record once decided. Only what the case and its
 * published decision say: nothing of who else reported it, nor of any organization's notices; the
 * URL is shown as the transparency database shows it (public-url.ts), so a code shared or
 * overheard reveals nothing the public could not read already.
 */
export const REPORT_STAGES = ['received', 'in_review', 'decided'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** The case of one reported URL (the surviving case, when it was merged), as the repository reads it. */
export interface ReportCaseRow {
  position: number;
  platform: string;
  canonical_url: string;
  status: CaseStatus;
  due_at: Date | null;
  decided_at: Date | null;
  /** When the case last went (back) into review: a platform started, reopened, or an appeal came. */
  review_at: Date | null;
  last_outcome: DecisionOutcome | null;
  /** The published record of the latest decision. */
  public_record_id: string | null;
  /** Whether an organization answers for the service (otherwise the case waits in the unassigned queue). */
  platform_onboarded: boolean;
}

export interface ReportItemStatus {
  position: number;
  url: string;
  platform: string;
  platform_onboarded: boolean;
  stage: ReportStage;
  steps: { stage: ReportStage; done: boolean; at: string | null }[];
  /** While an answer is owed: by when. */
  due_at: string | null;
  overdue: boolean;
  outcome: { outcome: DecisionOutcome; decided_at: string; public_record_id: string | null } | null;
}

const STAGE: Record<CaseStatus, ReportStage> = {
  received: 'received',
  in_review: 'in_review',
  // An appeal is reviewed again: the answer is owed anew.
  appealed: 'in_review',
  decided: 'decided',
  closed: 'decided',
  merged: 'received',
};

const later = (a: Date | null, b: Date): Date | null => (a === null ? null : a > b ? a : b);

export function reportItemStatus(row: ReportCaseRow, receivedAt: Date, now: Date): ReportItemStatus {
  const stage = STAGE[row.status];
  const decided = stage === 'decided';
  // A case already in review (or decided) when the report came: the report is so from its arrival.
  const reviewAt = stage === 'received' ? null : later(decided && row.review_at && row.decided_at && row.review_at > row.decided_at ? null : row.review_at, receivedAt);
  const decidedAt = decided ? later(row.decided_at, receivedAt) : null;
  const due = decided ? null : row.due_at;
  return {
    position: row.position,
    url: truncateCanonicalUrl(row.canonical_url),
    platform: row.platform,
    platform_onboarded: row.platform_onboarded,
    stage,
    steps: [
      { stage: 'received', done: true, at: receivedAt.toISOString() },
      { stage: 'in_review', done: stage !== 'received', at: reviewAt?.toISOString() ?? null },
      { stage: 'decided', done: decided, at: decidedAt?.toISOString() ?? null },
    ],
    due_at: due?.toISOString() ?? null,
    overdue: due !== null && due.getTime() < now.getTime(),
    outcome: decided && row.last_outcome && row.decided_at ? { outcome: row.last_outcome, decided_at: row.decided_at.toISOString(), public_record_id: row.public_record_id } : null,
  };
}
