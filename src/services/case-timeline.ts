import type { CaseEventView } from '../repositories/case-event.repository.ts';
import type { NoticeRow } from '../repositories/notice.repository.ts';

export interface TimelineActor {
  id: string;
  kind: string | null;
  name: string | null;
  /** Who acted for the organization; present only when the viewer belongs to that organization. */
  person?: { id: string; display_name: string } | null;
  key?: { id: string; name: string | null; prefix: string } | null;
}

export interface TimelineEntry {
  id: string;
  at: string;
  type: string;
  actor: TimelineActor | null;
  data: Record<string, unknown>;
}

/**
 * The organization that acted, and to its own members the person or key too: a platform must not
 * learn which clerk of a ministry filed a request, nor a ministry which moderator decided.
 */
function eventActor(e: CaseEventView, viewerOrgId: string): TimelineActor | null {
  if (!e.actor_org_id) return null;
  const org = { id: e.actor_org_id, kind: e.actor_kind, name: e.actor_name };
  if (e.actor_org_id !== viewerOrgId) return org;
  return {
    ...org,
    person: e.actor_person_id ? { id: e.actor_person_id, display_name: e.actor_person_name ?? '' } : null,
    key: e.actor_key_id ? { id: e.actor_key_id, name: e.actor_key_name, prefix: e.actor_key_prefix ?? '' } : null,
  };
}

/**
 * The audit trail of a case: who did what, when. Arrivals of notices are read from the notices
 * themselves (immutable rows, written once at intake), everything else from case_events; the
 * first notice opened the case.
 */
export function caseTimeline(caseCreatedAt: Date, notices: readonly NoticeRow[], events: readonly CaseEventView[], viewerOrgId: string): TimelineEntry[] {
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
  // Arrivals name the submitting organization only: the timeline is the platform's view, and a
  // notice is never the platform's own (who submitted it is in the submitter's audit, GET /audit).
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
    // Whom an organization gives a case to is its own business (case-assignment.service.ts).
    if (e.type === 'assigned' && e.actor_org_id !== viewerOrgId) continue;
    entries.push({
      id: e.id,
      t: e.at.getTime(),
      at: e.at.toISOString(),
      type: e.type,
      actor: eventActor(e, viewerOrgId),
      data: e.data,
    });
  }
  // Stable sort: at equal times, creation comes before arrivals and arrivals before actions.
  return entries.sort((a, b) => a.t - b.t).map(({ t: _t, ...e }) => e);
}
