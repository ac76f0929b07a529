import { EMAIL_PURPOSES, type EmailPurpose } from '../core/email/templates.ts';
import { normalizeEmailAddress } from '../core/email-address.ts';
import { AppError, type FieldError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';
import { can } from '../core/policy.ts';
import { listContacts, replaceContacts, type Contact } from '../repositories/contact.repository.ts';
import type { ServiceContext } from './context.ts';

export const MAX_CONTACTS = 50;

export async function getContacts(ctx: ServiceContext, actor: Actor): Promise<{ contacts: Contact[] }> {
  return { contacts: await listContacts(ctx.db, actor.orgId) };
}

/** PUT /organization/contacts: replaces the organization's addresses (its admins, or its API keys). */
export async function setContacts(ctx: ServiceContext, actor: Actor, input: { contacts: readonly { email: string; purpose: EmailPurpose }[] }): Promise<{ contacts: Contact[] }> {
  if (!can(actor, 'settings.manage')) throw new AppError('forbidden', 'Only an admin of the organization may change where its e-mail goes');
  const errors: FieldError[] = [];
  if (input.contacts.length > MAX_CONTACTS) errors.push({ field: 'contacts', message: `must hold at most ${MAX_CONTACTS} addresses` });
  const seen = new Set<string>();
  const contacts: Contact[] = [];
  input.contacts.forEach((c, i) => {
    const valid = normalizeEmailAddress(c.email);
    const normal = valid ?? c.email;
    if (valid === null) errors.push({ field: `contacts[${i}].email`, message: 'must be an e-mail address' });
    if (!EMAIL_PURPOSES.includes(c.purpose)) errors.push({ field: `contacts[${i}].purpose`, message: `must be one of ${EMAIL_PURPOSES.join(', ')}` });
    const key = `${c.purpose} ${normal.toLowerCase()}`;
    if (seen.has(key)) errors.push({ field: `contacts[${i}]`, message: 'repeats an address for the same purpose' });
    seen.add(key);
    contacts.push({ email: normal, purpose: c.purpose });
  });
  if (errors.length > 0) throw AppError.validation(errors);
  await ctx.db.transaction((tx) => replaceContacts(tx, actor.orgId, contacts, ctx.now()));
  return getContacts(ctx, actor);
}
