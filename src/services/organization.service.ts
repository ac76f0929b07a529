import { AppError, type FieldError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import { ORG_KINDS, PLATFORMS, type Actor, type OrgKind, type Platform } from '../core/organization.ts';
import { insertApiKey } from '../repositories/api-key.repository.ts';
import { findOrganization, findPlatformOrganization, insertOrganization } from '../repositories/organization.repository.ts';
import { generateApiKey } from './auth.service.ts';
import type { ServiceContext } from './context.ts';

export interface CreateOrganizationInput {
  kind: string;
  name: string;
  platform?: string;
}

/** Creates an organization with its first API key. The key is returned once and never stored. */
export async function createOrganization(ctx: ServiceContext, input: CreateOrganizationInput): Promise<{ org_id: string; api_key: string }> {
  const errors: FieldError[] = [];
  if (!(ORG_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', message: `must be one of ${ORG_KINDS.join(', ')}` });
  const name = (input.name ?? '').trim();
  if (name.length < 1 || name.length > 200) errors.push({ field: 'name', message: 'must be 1 to 200 characters' });
  if (input.kind === 'platform') {
    if (!input.platform) errors.push({ field: 'platform', message: `is required for a platform: one of ${PLATFORMS.join(', ')}` });
    else if (!(PLATFORMS as readonly string[]).includes(input.platform)) errors.push({ field: 'platform', message: `must be one of ${PLATFORMS.join(', ')}` });
  } else if (input.platform !== undefined) {
    errors.push({ field: 'platform', message: 'is only for organizations of kind platform' });
  }
  if (errors.length) throw AppError.validation(errors);

  const platform = input.kind === 'platform' ? (input.platform as Platform) : null;
  return ctx.db.transaction(async (tx) => {
    const id = uuidv7();
    const now = ctx.now();
    const inserted = await insertOrganization(tx, { id, kind: input.kind as OrgKind, name, platform, created_at: now });
    if (!inserted) {
      const existing = platform ? await findPlatformOrganization(tx, platform) : null;
      throw new AppError('conflict', `An organization already answers for ${platform}`, { extra: { existing_id: existing?.id } });
    }
    const key = generateApiKey();
    await insertApiKey(tx, { id: uuidv7(), organization_id: id, key_hash: key.hash, prefix: key.prefix, created_at: now });
    return { org_id: id, api_key: key.key };
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
  return { orgId: org.id, kind: org.kind, name: org.name, platform: org.platform, personId: null, keyId: null, role: null };
}
