import { AppError } from '../core/errors.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can, roleFor } from '../core/policy.ts';
import { insertApiKey, listApiKeys, revokeApiKey as revokeKeyRow, revokeApiKeyOf, type ApiKeyRow } from '../repositories/api-key.repository.ts';
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
  const { row, key } = await insertKey(ctx, org.id, name);
  return { key_id: row.id, api_key: key };
}

async function insertKey(ctx: ServiceContext, orgId: string, name: string | null): Promise<{ row: ApiKeyRow; key: string }> {
  const key = generateApiKey();
  const row: ApiKeyRow = { id: uuidv7(), organization_id: orgId, prefix: key.prefix, name, created_at: ctx.now(), last_used_at: null, revoked_at: null };
  await insertApiKey(ctx.db, { ...row, key_hash: key.hash });
  return { row, key: key.key };
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

/*
 * An organization's own keys, managed by its admins (or one of its keys, which has the
 * organization's full access): the same lifecycle as the operator's, kept to the actor's
 * organization. Another organization's key is "not found".
 */

/** A key as its organization sees it: `current` marks the key the request came with. */
export interface OwnKeyView {
  id: string;
  prefix: string;
  name: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  current: boolean;
}

function ownView(k: ApiKeyRow, actor: Actor): OwnKeyView {
  const { key_id, ...rest } = view(k);
  return { id: key_id, ...rest, current: actor.keyId === key_id };
}

function assertManagesKeys(actor: Actor): void {
  if (!can(actor, 'keys.manage')) throw new AppError('forbidden', `Chỉ quản trị viên mới quản lý được khóa API (managing API keys needs the ${roleFor('keys.manage')} role)`);
}

export async function listOwnKeys(ctx: ServiceContext, actor: Actor): Promise<{ items: OwnKeyView[] }> {
  assertManagesKeys(actor);
  return { items: (await listApiKeys(ctx.db, actor.orgId)).map((k) => ownView(k, actor)) };
}

/** A new key of the actor's organization; the key itself is in this answer only. */
export async function createOwnKey(ctx: ServiceContext, actor: Actor, input: { name: string }): Promise<OwnKeyView & { api_key: string }> {
  assertManagesKeys(actor);
  const name = keyName(input.name);
  // A person of a disabled organization is signed out and its keys refused: the actor's organization is live.
  const { row, key } = await insertKey(ctx, actor.orgId, name);
  return { ...ownView(row, actor), api_key: key };
}

/** Revokes one of the organization's keys (again: harmless, the first time is kept). The edge clears the authentication cache. */
export async function revokeOwnKey(ctx: ServiceContext, actor: Actor, keyId: string): Promise<OwnKeyView> {
  assertManagesKeys(actor);
  const row = isUuid(keyId) ? await revokeApiKeyOf(ctx.db, actor.orgId, keyId, ctx.now()) : null;
  if (!row) throw AppError.notFound('API key');
  return ownView(row, actor);
}
