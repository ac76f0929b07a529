import { createHash, randomBytes } from 'node:crypto';
import { AppError, type FieldError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import { PERSON_ROLES, type Actor, type OrgKind, type PersonRole } from '../core/organization.ts';
import { passwordProblems } from '../core/password-policy.ts';
import { can } from '../core/policy.ts';
import { findInvitationByToken, insertInvitation, listPendingInvitations, markInvitationAccepted, type InvitationRow } from '../repositories/invitation.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { findPerson, insertPerson } from '../repositories/person.repository.ts';
import type { ServiceContext } from './context.ts';
import { hashPassword, presentPerson, type PersonView } from './person.service.ts';

/** An invitation link works this long, once. */
export const INVITATION_TTL_MS = 72 * 3600_000;

const TOKEN_PREFIX = 'mbi_';
const TOKEN_FORMAT = /^mbi_[\w-]{43}$/;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The page of the web app that accepts an invitation; the API behind it is /api/v1/invitations/{token}. */
export function acceptUrl(publicUrl: string, token: string): string {
  let base = publicUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);
  return `${base}/invitations/${token}`;
}

/** An e-mail address as stored: trimmed, lower case; null when it is not one. */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  if (email.length < 3 || email.length > 254 || /[\s\u0000-\u001f\u007f]/.test(email)) return null;
  const at = email.indexOf('@');
  if (at < 1 || at !== email.lastIndexOf('@') || at > 64) return null;
  const domain = email.slice(at + 1);
  if (!domain.includes('.') || domain.startsWith('.') || domain.endsWith('.') || domain.includes('..')) return null;
  return email;
}

export interface CreatedInvitation {
  id: string;
  email: string;
  role: PersonRole;
  /** Shown once: the token in it is stored only as a hash. */
  accept_url: string;
  expires_at: string;
}

/**
 * Invites a person into the actor's organization (an admin, an API key, or the operator acting
 * for it: the CLI's first admin). The `person.invited` event is written in the same transaction,
 * so the invitation e-mail leaves if and only if the invitation exists.
 */
export async function createInvitation(ctx: ServiceContext, actor: Actor, input: { email: string; role: string }, publicUrl: string): Promise<CreatedInvitation> {
  if (!can(actor, 'invitations.manage')) throw new AppError('forbidden', 'Chỉ quản trị viên mới mời được người dùng (only admins invite people)');
  const errors: FieldError[] = [];
  const email = normalizeEmail(input.email ?? '');
  if (!email) errors.push({ field: 'email', message: 'is not an e-mail address' });
  if (!(PERSON_ROLES as readonly string[]).includes(input.role)) errors.push({ field: 'role', message: `must be one of ${PERSON_ROLES.join(', ')}` });
  if (errors.length) throw AppError.validation(errors);
  const role = input.role as PersonRole;
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const now = ctx.now();
  const id = uuidv7(now.getTime());
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const url = acceptUrl(publicUrl, token);
  await ctx.db.transaction(async (tx) => {
    await insertInvitation(tx, {
      id,
      organization_id: actor.orgId,
      email: email!,
      role,
      token_hash: sha256(token),
      invited_by_person_id: actor.personId,
      invited_by_key_id: actor.keyId,
      created_at: now,
      expires_at: expiresAt,
    });
    await appendEvents(tx, [
      {
        id: uuidv7(now.getTime()),
        type: 'person.invited',
        at: now,
        org_id: actor.orgId,
        case_id: null,
        data: { invitation_id: id, org_id: actor.orgId, email, role, accept_url: url, expires_at: expiresAt.toISOString() },
      },
    ]);
  });
  return { id, email: email!, role, accept_url: url, expires_at: expiresAt.toISOString() };
}

export interface InvitationView {
  id: string;
  email: string;
  role: PersonRole;
  created_at: string;
  expires_at: string;
}

/** The organization's open invitations (never their links, which were shown once). */
export async function listInvitations(ctx: ServiceContext, actor: Actor): Promise<{ items: InvitationView[] }> {
  if (!can(actor, 'invitations.manage')) throw new AppError('forbidden', 'Chỉ quản trị viên mới xem được lời mời (only admins see invitations)');
  const rows = await listPendingInvitations(ctx.db, actor.orgId, ctx.now());
  return { items: rows.map((r) => ({ id: r.id, email: r.email, role: r.role, created_at: r.created_at.toISOString(), expires_at: r.expires_at.toISOString() })) };
}

async function byToken(ctx: ServiceContext, token: string, forUpdate = false): Promise<InvitationRow> {
  const row = TOKEN_FORMAT.test(token) ? await findInvitationByToken(ctx.db, sha256(token), { forUpdate }) : null;
  if (!row) throw AppError.notFound('Invitation');
  return row;
}

export interface InvitationPreview {
  org_name: string;
  org_kind: OrgKind;
  email: string;
  role: PersonRole;
  expires_at: string;
  expired: boolean;
  accepted: boolean;
}

/** What the invitation page shows before the person chooses a password. */
export async function previewInvitation(ctx: ServiceContext, token: string): Promise<InvitationPreview> {
  const i = await byToken(ctx, token);
  return {
    org_name: i.org_name,
    org_kind: i.org_kind,
    email: i.email,
    role: i.role,
    expires_at: i.expires_at.toISOString(),
    expired: i.expires_at <= ctx.now(),
    accepted: i.accepted_at !== null,
  };
}

function usable(i: InvitationRow, now: Date): void {
  if (i.accepted_at) throw new AppError('conflict', 'Lời mời này đã được dùng (this invitation was used already)', { extra: { reason: 'invitation_used' } });
  if (i.expires_at <= now) throw new AppError('conflict', 'Lời mời này đã hết hạn; hãy xin lời mời mới (this invitation has expired)', { extra: { reason: 'invitation_expired' } });
  if (i.org_disabled_at) throw new AppError('conflict', 'Tổ chức này đã bị vô hiệu hoá (this organization is disabled)', { extra: { reason: 'organization_disabled' } });
}

/**
 * Accepts an invitation: creates the person with the invited e-mail and role. The password is
 * checked and hashed first (outside the transaction: hashing takes tens of milliseconds), then
 * the invitation is locked and checked again, so a link works exactly once.
 */
export async function acceptInvitation(ctx: ServiceContext, token: string, input: { display_name: string; password: string }): Promise<PersonView> {
  const first = await byToken(ctx, token);
  usable(first, ctx.now());
  const errors: FieldError[] = [];
  const displayName = (input.display_name ?? '').trim();
  if ([...displayName].length < 1 || [...displayName].length > 100) errors.push({ field: 'display_name', message: 'must be 1 to 100 characters' });
  for (const message of passwordProblems(input.password ?? '', { email: first.email, orgName: first.org_name, displayName })) errors.push({ field: 'password', message });
  if (errors.length) throw AppError.validation(errors);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const i = await byToken({ ...ctx, db: tx }, token, true);
    usable(i, now);
    const id = uuidv7(now.getTime());
    const inserted = await insertPerson(tx, {
      id,
      organization_id: i.organization_id,
      email: i.email,
      display_name: displayName,
      role: i.role,
      password_hash: passwordHash,
      created_at: now,
    });
    if (!inserted) throw new AppError('conflict', 'Đã có tài khoản với e-mail này (an account with this e-mail exists)', { extra: { reason: 'email_taken' } });
    await markInvitationAccepted(tx, i.id, id, now);
    return presentPerson((await findPerson(tx, id))!);
  });
}
