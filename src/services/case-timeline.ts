import type { CaseEventView } from '../repositories/case-event.repository.ts';
import type { NoticeRow } from '../repositories/notice.repository.ts';

export interface TimelineEntry {
  id: string;
  at: string;
  type: string;
  actor: { id: string; kind: string | null; name: string | null } | null;
  data: Record<string, unknown>;
}

/**
 * The audit trail of a case: who did what, when. Arrivals of notices are read from the notices
 * themselves (immutable rows, written once at intake), everything else from case_events; the
 * first notice opened the case.
 */
export function caseTimeline(caseCreatedAt: Date, notices: readonly NoticeRow[], events: readonly CaseEventView[]): TimelineEntry[] {
  const arrivals = [...notices].sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1));
  const entries: (TimelineEntry & { t: number })[] = [];
  const first = arrivals[0];
  if (first) {
    entries.push({
      id: `${first.id}:case_created`,
      t: caseCreatedAt.getTime(),
      at: caseCreatedAt.toISOString(),
      type: 'case_created',
      actor: { id: first.submitter_org_id, kind: first.submitter_kind, name: first.submitter_name },
      data: { notice_id: first.id },
    });
  }
  for (const n of arrivals) {
    entries.push({
      id: n.id,
      t: n.created_at.getTime(),
      at: n.created_at.toISOString(),
      type: 'notice_received',
      actor: { id: n.submitter_org_id, kind: n.submitter_kind, name: n.submitter_name },
      data: { notice_id: n.id, category: n.category, urgency: n.urgency, due_at: n.due_at.toISOString() },
    });
  }
  // case_events include the system's own entries, with no actor: `reopened_by_notice`, and the
  // deadline sweep's `due_soon` / `overdue` (data: the deadline they were raised for), shown as
  // recorded so a moved deadline's second escalation reads as such.
  for (const e of events) {
    entries.push({
      id: e.id,
      t: e.at.getTime(),
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor_org_id ? { id: e.actor_org_id, kind: e.actor_kind, name: e.actor_name } : null,
      data: e.data,
    });
  }
  // Stable sort: at equal times, creation comes before arrivals and arrivals before actions.
  return entries.sort((a, b) => a.t - b.t).map(({ t: _t, ...e }) => e);
}
