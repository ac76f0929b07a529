import { decodeCursor, pageOf } from '../core/cursor.ts';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can, roleFor } from '../core/policy.ts';
import { listAuditRows, type AuditRow } from '../repositories/audit.repository.ts';
import type { ServiceContext } from './context.ts';

export interface AuditQuery {
  cursor?: string;
  limit?: number;
  person_id?: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  type: string;
  case_id?: string;
  notice_id?: string;
  person: { id: string; display_name: string } | null;
  key: { id: string; name: string | null; prefix: string } | null;
  summary: string;
}

/**
 * GET /audit: who in the organization did what, newest first, for its admins. Only the
 * organization's own actions: what others did to the same cases is theirs to audit.
 */
export async function listAudit(ctx: ServiceContext, actor: Actor, q: AuditQuery): Promise<{ items: AuditEntry[]; next_cursor: string | null }> {
  if (!can(actor, 'audit.read')) throw new AppError('forbidden', `Reading the audit needs the ${roleFor('audit.read')} role`);
  const beforeId = q.cursor === undefined ? null : decodeCursor(q.cursor);
  if (q.cursor !== undefined && beforeId === null) throw AppError.validation([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
  if (q.person_id !== undefined && !isUuid(q.person_id)) throw AppError.validation([{ field: 'person_id', message: 'must be the id of a person' }]);
  const limit = q.limit ?? 50;
  const rows = await listAuditRows(ctx.db, { orgId: actor.orgId, personId: q.person_id ?? null, beforeId, limit: limit + 1 });
  const page = pageOf(rows, limit);
  return { items: page.items.map(presentAudit), next_cursor: page.next_cursor };
}

function presentAudit(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at.toISOString(),
    type: r.type,
    ...(r.case_id ? { case_id: r.case_id } : {}),
    ...(r.notice_id ? { notice_id: r.notice_id } : {}),
    person: r.person_id ? { id: r.person_id, display_name: r.person_name ?? '' } : null,
    key: r.key_id ? { id: r.key_id, name: r.key_name, prefix: r.key_prefix ?? '' } : null,
    summary: summarize(r),
  };
}

/**
 * One line an admin reads at a glance. Built from the row's own fields only; a case action's free
 * note stays on the case's timeline.
 */
function summarize(r: AuditRow): string {
  const d = r.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : String(v ?? ''));
  switch (r.type) {
    case 'status_changed':
      return `${str(d.action)}: ${str(d.from)} → ${str(d.to)}`;
    case 'decided':
      return `decided (${str(d.outcome)}): ${str(d.from)} → ${str(d.to)}`;
    case 'notice_submitted': {
      const cases = Array.isArray(d.case_ids) ? d.case_ids.length : 0;
      return `notice submitted: ${str(d.category)}, ${str(d.urgency)} urgency, ${cases} case${cases === 1 ? '' : 's'}`;
    }
    default:
      return r.type;
  }
}
