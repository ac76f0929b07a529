import { AppError, type FieldError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import { ORG_KINDS, type Actor, type OrgKind } from '../core/organization.ts';
import { insertApiKey } from '../repositories/api-key.repository.ts';
import { findOrganization, insertOrganization } from '../repositories/organization.repository.ts';
import { assignServices, listServices, servicesOf } from '../repositories/service.repository.ts';
import { generateApiKey } from './auth.service.ts';
import type { ServiceContext } from './context.ts';

export interface CreateOrganizationInput {
  kind: string;
  name: string;
  /** For a platform: the registry services it answers for (each must have no organization yet). */
  services?: readonly string[];
}

/** Creates an organization with its first API key. The key is returned once and never stored. */
export async function createOrganization(ctx: ServiceContext, input: CreateOrganizationInput): Promise<{ org_id: string; api_key: string; services: string[] }> {
  const errors: FieldError[] = [];
  if (!(ORG_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', message: `must be one of ${ORG_KINDS.join(', ')}` });
  const name = (input.name ?? '').trim();
  if (name.length < 1 || name.length > 200) errors.push({ field: 'name', message: 'must be 1 to 200 characters' });
  const services = [...new Set(input.services ?? [])];
  if (input.kind !== 'platform' && services.length > 0) errors.push({ field: 'services', message: 'is only for organizations of kind platform' });
  if (errors.length) throw AppError.validation(errors);

  return ctx.db.transaction(async (tx) => {
    if (services.length > 0) {
      const registry = new Map((await listServices(tx)).map((s) => [s.slug, s]));
      const unknown = services.filter((s) => !registry.has(s));
      if (unknown.length > 0) {
        const known = [...registry.keys()].join(', ');
        throw AppError.validation([
          { field: 'services', message: `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the registry (${known}); register a website first` },
        ]);
      }
      const taken = services.filter((s) => registry.get(s)!.organization_id !== null);
      if (taken.length > 0) {
        const existing = registry.get(taken[0]!)!;
        throw new AppError('conflict', taken.map((s) => `"${registry.get(s)!.organization_name}" already answers for ${s}`).join('; '), {
          extra: { existing_id: existing.organization_id },
        });
      }
    }
    const id = uuidv7();
    const now = ctx.now();
    await insertOrganization(tx, { id, kind: input.kind as OrgKind, name, created_at: now });
    const got = services.length > 0 ? await assignServices(tx, services, id, now) : [];
    // Another transaction took one between the check and the update.
    if (got.length !== services.length) throw new AppError('conflict', `Another organization answers for ${services.filter((s) => !got.includes(s)).join(', ')}`);
    const key = generateApiKey();
    await insertApiKey(tx, { id: uuidv7(), organization_id: id, key_hash: key.hash, prefix: key.prefix, created_at: now });
    return { org_id: id, api_key: key.key, services: got.sort() };
  });
}

/**
 * The organization the operator acts for (`minhbach import --org`): unknown is "not found", and
 * a disabled organization files nothing, whoever asks.
 */
export async function organizationActor(ctx: ServiceContext, orgId: string): Promise<Actor> {
  const org = isUuid(orgId) ? await findOrganization(ctx.db, orgId) : null;
  if (!org) throw AppError.notFound('Organization');
  if (org.disabled_at) throw new AppError('conflict', 'This organization is disabled');
  return { orgId: org.id, kind: org.kind, name: org.name, services: await servicesOf(ctx.db, org.id), personId: null, keyId: null, role: null };
}
