import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can } from '../core/policy.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { clearAssignment, setAssignment } from '../repositories/case-assignment.repository.ts';
import { findPerson, listPeople } from '../repositories/person.repository.ts';
import type { ServiceContext } from './context.ts';
import { loadVisibleCase } from './case.service.ts';

/**
 * PUT /cases/{id}/assignee: an organization gives a case it acts on to one of its own people who
 * may act (a reviewer or an admin, not disabled), or takes it back (`person_id: null`). Each
 * organization on a case assigns its own people; the others never see it (case-timeline.ts).
 */
export async function assignCase(ctx: ServiceContext, actor: Actor, caseId: string, personId: string | null) {
  if (personId !== null && !isUuid(personId)) throw AppError.validation([{ field: 'person_id', message: 'must be the id of a person of your organization, or null' }]);
  return ctx.db.transaction(async (tx) => {
    const c = await loadVisibleCase(tx, actor, caseId, { forUpdate: true });
    const at = ctx.now();
    let assignee: { id: string; display_name: string } | null = null;
    if (personId !== null) {
      const person = await findPerson(tx, personId);
      // Someone of another organization is refused in the same words as nobody: ids are not probed here.
      if (!person || person.organization_id !== actor.orgId || person.disabled_at !== null) {
        throw AppError.validation([{ field: 'person_id', message: 'is not an active person of your organization' }]);
      }
      if (!can({ orgId: person.organization_id, role: person.role }, 'case.act')) {
        throw AppError.validation([{ field: 'person_id', message: `is a ${person.role}: only a reviewer or an admin can work on a case` }]);
      }
      await setAssignment(tx, { caseId: c.id, orgId: actor.orgId, personId: person.id, at });
      assignee = { id: person.id, display_name: person.display_name };
    } else {
      await clearAssignment(tx, c.id, actor.orgId);
    }
    await insertCaseEvents(tx, [
      {
        id: uuidv7(at.getTime()),
        case_id: c.id,
        at,
        actor_org_id: actor.orgId,
        actor_person_id: actor.personId,
        actor_key_id: actor.keyId,
        type: 'assigned',
        data: assignee ? { person_id: assignee.id, display_name: assignee.display_name } : { person_id: null },
      },
    ]);
    return { case_id: c.id, assignee, assigned_at: assignee ? at.toISOString() : null };
  });
}

/** GET /cases/assignees: the people a case can be given to, for the case desk's picker (any member may read it). */
export async function assignableCasePeople(ctx: ServiceContext, actor: Actor) {
  const people = await listPeople(ctx.db, actor.orgId);
  return {
    items: people
      .filter((p) => p.disabled_at === null && can({ orgId: p.organization_id, role: p.role }, 'case.act'))
      .map((p) => ({ id: p.id, display_name: p.display_name, role: p.role as 'admin' | 'reviewer' }))
      .sort((a, b) => a.display_name.localeCompare(b.display_name, 'vi')),
  };
}
