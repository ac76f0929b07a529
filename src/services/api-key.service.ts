import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import { insertApiKey, listApiKeys, revokeApiKey as revokeKeyRow, type ApiKeyRow } from '../repositories/api-key.repository.ts';
import { disableOrganization as disableOrganizationRow, findOrganization, type OrganizationRow } from '../repositories/organization.repository.ts';
import { generateApiKey } from './auth.service.ts';
import type { ServiceContext } from './context.ts';

/**
 * The key lifecycle, for the operator: an organization holds several named keys, each created
 * (shown once), listed (never its hash) and revoked on its own; disabling the organization stops
 * all of them. Authentication (auth.service.ts) honours both within its cache time.
 */

export interface ApiKeyView {
  key_id: string;
  prefix: string;
  name: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function view(k: ApiKeyRow): ApiKeyView {
  return { key_id: k.id, prefix: k.prefix, name: k.name, created_at: iso(k.created_at)!, last_used_at: iso(k.last_used_at), revoked_at: iso(k.revoked_at) };
}

async function organization(ctx: ServiceContext, orgId: string): Promise<OrganizationRow> {
  const org = isUuid(orgId) ? await findOrganization(ctx.db, orgId) : null;
  if (!org) throw AppError.notFound('Organization');
  return org;
}

function keyName(name: string | undefined): string | null {
  if (name === undefined) return null;
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 100) throw AppError.validation([{ field: 'name', message: 'must be 1 to 100 characters' }]);
  return trimmed;
}

/** A new key for an organization; the key itself is returned this once and never stored. */
export async function createApiKey(ctx: ServiceContext, orgId: string, input: { name?: string } = {}): Promise<{ key_id: string; api_key: string }> {
  const name = keyName(input.name);
  const org = await organization(ctx, orgId);
  if (org.disabled_at) throw new AppError('conflict', 'This organization is disabled; its keys do not work, so no new one is made');
  const key = generateApiKey();
  const id = uuidv7();
  await insertApiKey(ctx.db, { id, organization_id: org.id, key_hash: key.hash, prefix: key.prefix, name, created_at: ctx.now() });
  return { key_id: id, api_key: key.key };
}

export async function listOrganizationKeys(ctx: ServiceContext, orgId: string): Promise<{ org_id: string; name: string; disabled_at: string | null; keys: ApiKeyView[] }> {
  const org = await organization(ctx, orgId);
  const keys = await listApiKeys(ctx.db, org.id);
  return { org_id: org.id, name: org.name, disabled_at: iso(org.disabled_at ?? null), keys: keys.map(view) };
}

/** Revokes a key. Revoking it again is harmless and reports the first revocation. */
export async function revokeApiKey(ctx: ServiceContext, keyId: string): Promise<ApiKeyView & { org_id: string }> {
  const row = isUuid(keyId) ? await revokeKeyRow(ctx.db, keyId, ctx.now()) : null;
  if (!row) throw AppError.notFound('API key');
  return { ...view(row), org_id: row.organization_id };
}

/** Disables an organization: every one of its keys stops working; what it published stays. */
export async function disableOrganization(ctx: ServiceContext, orgId: string): Promise<{ org_id: string; disabled_at: string }> {
  const row = isUuid(orgId) ? await disableOrganizationRow(ctx.db, orgId, ctx.now()) : null;
  if (!row) throw AppError.notFound('Organization');
  return { org_id: row.id, disabled_at: iso(row.disabled_at)! };
}
