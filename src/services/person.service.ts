import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import type { Actor, OrgKind, PersonRole } from '../core/organization.ts';
import { can, secondFactorRequired } from '../core/policy.ts';
import { findPerson, listPeople, lockActiveAdmins, updatePersonAccess, type PersonRow } from '../repositories/person.repository.ts';
import { revokePersonSessions } from '../repositories/session.repository.ts';
import type { ServiceContext } from './context.ts';

/**
 * People of an organization, as its admins manage them. Passwords are argon2id with OWASP's
 * parameters (19 MiB, 2 passes); @node-rs/argon2 hashes on libuv's thread pool, never on the
 * event loop.
 */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

export interface PersonView {
  id: string;
  org_id: string;
  org_name: string;
  org_kind: OrgKind;
  email: string;
  display_name: string;
  role: PersonRole;
  totp_enabled: boolean;
  /** Admins of authorities and platforms must enrol a second factor before doing anything else. */
  totp_required: boolean;
  created_at: string;
  disabled_at: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentPerson(p: PersonRow): PersonView {
  return {
    id: p.id,
    org_id: p.organization_id,
    org_name: p.org_name,
    org_kind: p.org_kind,
    email: p.email,
    display_name: p.display_name,
    role: p.role,
    totp_enabled: p.totp_enabled_at !== null,
    totp_required: secondFactorRequired(p.org_kind, p.role),
    created_at: iso(p.created_at)!,
    disabled_at: iso(p.disabled_at),
  };
}

function assertAdmin(actor: Actor): void {
  if (!can(actor, 'people.manage')) throw new AppError('forbidden', 'Chỉ quản trị viên của tổ chức mới quản lý được người dùng (only admins manage people)');
}

export async function listOrganizationPeople(ctx: ServiceContext, actor: Actor): Promise<{ items: PersonView[] }> {
  assertAdmin(actor);
  return { items: (await listPeople(ctx.db, actor.orgId)).map(presentPerson) };
}

/**
 * Changes a person's role or disables (re-enables) them. An organization never loses its last
 * active admin: the admins are locked for the check, so two admins demoting each other at once
 * cannot both succeed. Disabling ends the person's sessions at once.
 */
export async function changePerson(ctx: ServiceContext, actor: Actor, id: string, change: { role?: PersonRole; disabled?: boolean }): Promise<PersonView> {
  assertAdmin(actor);
  return ctx.db.transaction(async (tx) => {
    const before = isUuid(id) ? await findPerson(tx, id) : null;
    if (!before || !can(actor, 'people.manage', { orgId: before.organization_id })) throw AppError.notFound('Person');
    const admins = await lockActiveAdmins(tx, before.organization_id);
    const person = (await findPerson(tx, id, { forUpdate: true }))!;
    const now = ctx.now();
    const role = change.role ?? person.role;
    const disabledAt = change.disabled === undefined ? person.disabled_at : change.disabled ? (person.disabled_at ?? now) : null;
    const wasAdmin = person.role === 'admin' && person.disabled_at === null;
    const staysAdmin = role === 'admin' && disabledAt === null;
    if (wasAdmin && !staysAdmin && admins.filter((a) => a !== person.id).length === 0) {
      throw new AppError('conflict', 'Không thể bỏ quản trị viên cuối cùng của tổ chức (an organization keeps at least one active admin)', {
        extra: { reason: 'last_admin' },
      });
    }
    await updatePersonAccess(tx, person.id, { role, disabled_at: disabledAt });
    if (disabledAt && !person.disabled_at) await revokePersonSessions(tx, person.id, now);
    return presentPerson({ ...person, role, disabled_at: disabledAt });
  });
}
