import type { CaseStatus } from './case-state.ts';
import { DUPLICATE_AT } from './text-fingerprint.ts';

export interface MergeableCase {
  id: string;
  platform: string;
  status: CaseStatus;
  created_at: Date;
}

/**
 * Whether two cases whose texts matched with `score` become one, and which one survives.
 *
 * The newer case joins the older one, so the case reviewers already work on stays where it is.
 * Only a case nobody has acted on yet can be absorbed (still `received`): one under review or
 * decided has a reviewer or a statement of reasons tied to it. It joins only a case that is still
 * open before any decision (`received` or `in_review`): a decided case's statement names its own
 * content, so a repost of decided content is linked as a duplicate instead, for the reviewer to
 * decide the same way. Both must be on the same platform, because the platform is who acts:
 * the same text on another platform is another platform's case, linked, not merged.
 */
export function mergePlan(a: MergeableCase, b: MergeableCase, score: number): { from: string; into: string } | null {
  if (score < DUPLICATE_AT || a.id === b.id || a.platform !== b.platform) return null;
  const aFirst = a.created_at.getTime() < b.created_at.getTime() || (a.created_at.getTime() === b.created_at.getTime() && a.id < b.id);
  const [older, newer] = aFirst ? [a, b] : [b, a];
  if (newer.status !== 'received') return null;
  if (older.status !== 'received' && older.status !== 'in_review') return null;
  return { from: newer.id, into: older.id };
}
