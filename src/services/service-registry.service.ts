import { getDomain } from 'tldts';
import { normalizeEmailAddress } from '../core/email-address.ts';
import { AppError, type FieldError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { BUILT_IN_SERVICES, isServiceHost, isServiceSlug, isUrlRules, ServiceDirectory, URL_RULES, type UrlRules } from '../core/services.ts';
import { canonicalizeUrl } from '../core/url-canonical.ts';
import type { Db } from '../db/db.ts';
import { findOrganization } from '../repositories/organization.repository.ts';
import { casesOnServices, findService, insertService, listServices, lockRegistry, moveCasesToService, updateService, type ServiceRow } from '../repositories/service.repository.ts';
import type { ServiceContext } from './context.ts';
import { ttlCache } from './ttl-cache.ts';

/**
 * The registry's directory may be this old in a process that did not make the change: intake reads
 * it on every notice. A change made through this process applies here at once.
 */
export const SERVICE_DIRECTORY_TTL_MS = 5_000;
const MAX_HOSTS = 50;
const MOVE_BATCH = 1_000;

/**
 * The website a host belongs to: its registrable domain under the Public Suffix List, private
 * suffixes included, so `a.blogspot.com` and `b.blogspot.com` are two sites with two owners.
 * An IP address, or a name that is all public suffix, is its own site.
 */
export function siteOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

const caches = new Map<Db, (now: Date) => Promise<ServiceDirectory>>();

function directoryFrom(rows: readonly { slug: string; hosts: readonly string[]; url_rules: UrlRules }[]): ServiceDirectory {
  return new ServiceDirectory(rows, siteOf);
}

/** Which service a URL is on, from the registry (at most SERVICE_DIRECTORY_TTL_MS old). */
export function serviceDirectory(ctx: ServiceContext): Promise<ServiceDirectory> {
  let c = caches.get(ctx.db);
  if (!c) {
    const db = ctx.db;
    c = ttlCache(SERVICE_DIRECTORY_TTL_MS, async () => directoryFrom(await listServices(db)));
    caches.set(db, c);
  }
  return c(ctx.now());
}

/** After a registry change: this process reads the registry again on its next lookup. */
export function forgetServiceDirectory(ctx: ServiceContext): void {
  caches.delete(ctx.db);
}

/** The built-in services read with the Public Suffix List: for the CLI, which has no registry. */
export const OFFLINE_DIRECTORY = directoryFrom(BUILT_IN_SERVICES);

export interface ServiceView {
  slug: string;
  name: string;
  hosts: string[];
  url_rules: UrlRules;
  built_in: boolean;
  organization_id: string | null;
  organization_name: string | null;
  contact_email: string | null;
  created_at: string;
  updated_at: string;
}

function present(s: ServiceRow): ServiceView {
  return {
    slug: s.slug,
    name: s.name,
    hosts: s.hosts,
    url_rules: s.url_rules,
    built_in: BUILT_IN_SERVICES.some((b) => b.slug === s.slug),
    organization_id: s.organization_id,
    organization_name: s.organization_name,
    contact_email: s.contact_email,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
  };
}

/** GET /admin/services: the whole registry, for the operator. */
export async function listRegistry(ctx: ServiceContext): Promise<{ services: ServiceView[] }> {
  return { services: (await listServices(ctx.db)).map(present) };
}

/**
 * GET /public/services: who answers for what. Contact addresses stay with the operator: they
 * are for the channel's mail, not for harvesting.
 */
export async function publicRegistry(ctx: ServiceContext): Promise<{ services: { slug: string; name: string; hosts: string[]; answered_by: string | null }[] }> {
  const rows = await listServices(ctx.db);
  return { services: rows.map((s) => ({ slug: s.slug, name: s.name, hosts: s.hosts, answered_by: s.organization_name })) };
}

export interface RegisterServiceInput {
  slug?: string;
  name: string;
  hosts: readonly string[];
  url_rules?: string;
  organization_id?: string | null;
  contact_email?: string | null;
}

export interface ServiceChange {
  service: ServiceView;
  /** Cases that were on another service (usually the site as a whole) and are now on this one. */
  moved_cases: number;
}

/** POST /admin/services: a service (most often a website) enters the registry. */
export async function registerService(ctx: ServiceContext, input: RegisterServiceInput): Promise<ServiceChange> {
  const errors: FieldError[] = [];
  const name = (input.name ?? '').trim();
  if (name.length < 1 || name.length > 200) errors.push({ field: 'name', message: 'must be 1 to 200 characters' });
  const rules = input.url_rules ?? 'web';
  if (!isUrlRules(rules)) errors.push({ field: 'url_rules', message: `must be one of ${URL_RULES.join(', ')}` });
  const hosts = checkHosts(input.hosts, errors);
  const slug = input.slug ?? (hosts.length > 0 ? siteOf(hosts[0]!) : '');
  // Without a valid host there is no domain to name it by; the hosts' errors say why.
  if ((input.slug !== undefined || hosts.length > 0) && !isServiceSlug(slug))
    errors.push({ field: 'slug', message: 'must be lower-case letters, digits, dots and hyphens (a website: its domain name)' });
  const contact = checkContact(input.contact_email, errors);
  if (errors.length > 0) throw AppError.validation(errors);

  const result = await ctx.db.transaction(async (tx) => {
    await lockRegistry(tx);
    const registry = await listServices(tx);
    checkHostsFree(registry, hosts, slug);
    const before = directoryFrom(registry);
    const organizationId = input.organization_id == null ? null : await answeringOrganization(tx, input.organization_id);
    const inserted = await insertService(tx, { slug, name, hosts, url_rules: rules as UrlRules, organization_id: organizationId, contact_email: contact ?? null, at: ctx.now() });
    if (!inserted) throw new AppError('conflict', `The registry already has a service "${slug}"`, { extra: { slug } });
    const moved = await moveCases(tx, before, hosts, slug);
    return { service: present((await findService(tx, slug))!), moved_cases: moved };
  });
  forgetServiceDirectory(ctx);
  return result;
}

export interface UpdateServiceInput {
  name?: string;
  hosts?: readonly string[];
  organization_id?: string | null;
  contact_email?: string | null;
}

/**
 * PATCH /admin/services/{slug}: rename, add or remove hosts, assign to an organization (or take
 * it back: null), set the contact address. Content on added hosts moves to the service; content
 * already on it stays when a host is removed: a case keeps the service it was filed against.
 */
export async function changeService(ctx: ServiceContext, slug: string, input: UpdateServiceInput): Promise<ServiceChange> {
  const errors: FieldError[] = [];
  const name = input.name?.trim();
  if (name !== undefined && (name.length < 1 || name.length > 200)) errors.push({ field: 'name', message: 'must be 1 to 200 characters' });
  const hosts = input.hosts === undefined ? undefined : checkHosts(input.hosts, errors);
  const contact = checkContact(input.contact_email, errors);
  const builtIn = BUILT_IN_SERVICES.find((b) => b.slug === slug);
  const dropped = builtIn && hosts ? builtIn.hosts.filter((h) => !hosts.includes(h)) : [];
  if (dropped.length > 0) errors.push({ field: 'hosts', message: `must keep the built-in hosts of ${slug} (${dropped.join(', ')}): its URL rules read them` });
  if (errors.length > 0) throw AppError.validation(errors);

  const result = await ctx.db.transaction(async (tx) => {
    await lockRegistry(tx);
    const registry = await listServices(tx);
    const existing = registry.find((s) => s.slug === slug);
    if (!existing) throw AppError.notFound('Service');
    if (hosts) checkHostsFree(registry, hosts, slug);
    const before = directoryFrom(registry);
    const organizationId = input.organization_id === undefined ? undefined : input.organization_id === null ? null : await answeringOrganization(tx, input.organization_id);
    await updateService(tx, slug, { name, hosts, organization_id: organizationId, contact_email: contact, at: ctx.now() });
    const added = hosts ? hosts.filter((h) => !existing.hosts.includes(h)) : [];
    const moved = await moveCases(tx, before, added, slug);
    return { service: present((await findService(tx, slug))!), moved_cases: moved };
  });
  forgetServiceDirectory(ctx);
  return result;
}

/** Hosts as the registry keeps them, each one the URL cleaner leaves as it is. */
function checkHosts(input: readonly string[], errors: FieldError[]): string[] {
  if (input.length < 1 || input.length > MAX_HOSTS) errors.push({ field: 'hosts', message: `must hold 1 to ${MAX_HOSTS} hosts` });
  const hosts: string[] = [];
  input.forEach((raw, i) => {
    const host = raw.trim().toLowerCase();
    const field = `hosts[${i}]`;
    if (!isServiceHost(host)) {
      errors.push({ field, message: 'must be a host name such as example.vn (no scheme, path, port or www.)' });
      return;
    }
    if (getDomain(host, { allowPrivateDomains: true }) === null) {
      errors.push({ field, message: `is a public suffix: "${host}" is shared by sites of different owners` });
      return;
    }
    // The cleaner folds some hosts into others (m.facebook.com is facebook.com, amp.x.vn is x.vn):
    // a host it never leaves standing would never be looked up.
    const cleaned = new URL(canonicalizeUrl(`https://${host}/`).canonical_url).hostname;
    if (cleaned !== host) {
      errors.push({ field, message: `is read as ${cleaned}: register that host instead` });
      return;
    }
    if (hosts.includes(host)) errors.push({ field, message: 'repeats a host' });
    else hosts.push(host);
  });
  return hosts;
}

function checkContact(input: string | null | undefined, errors: FieldError[]): string | null | undefined {
  if (input === undefined || input === null) return input;
  const email = normalizeEmailAddress(input);
  if (email === null) errors.push({ field: 'contact_email', message: 'must be an e-mail address' });
  return email;
}

function checkHostsFree(registry: readonly ServiceRow[], hosts: readonly string[], slug: string): void {
  const taken = registry.flatMap((s) => (s.slug === slug ? [] : s.hosts.filter((h) => hosts.includes(h)).map((h) => ({ host: h, slug: s.slug }))));
  if (taken.length > 0) {
    throw new AppError('conflict', `Already registered: ${taken.map((t) => `${t.host} (on ${t.slug})`).join(', ')}`, { extra: { hosts: taken } });
  }
}

async function answeringOrganization(tx: Db, id: string): Promise<string> {
  const org = isUuid(id) ? await findOrganization(tx, id) : null;
  const problem = !org
    ? 'must name an existing organization'
    : org.kind !== 'platform'
      ? 'must name an organization of kind platform'
      : org.disabled_at
        ? 'names a disabled organization'
        : null;
  if (problem) throw AppError.validation([{ field: 'organization_id', message: problem }]);
  return org!.id;
}

/**
 * Cases whose URL the changed registry now gives to `slug`: those on the services the new hosts
 * belonged to before, read again with the new directory (the one rule: ServiceDirectory.lookup).
 */
async function moveCases(tx: Db, before: ServiceDirectory, hosts: readonly string[], slug: string): Promise<number> {
  const from = [...new Set(hosts.map((h) => before.lookup(h).slug))].filter((s) => s !== slug);
  if (from.length === 0) return 0;
  const after = directoryFrom(await listServices(tx));
  let moved = 0;
  let afterId: string | null = null;
  for (;;) {
    const page = await casesOnServices(tx, from, afterId, MOVE_BATCH);
    if (page.length === 0) return moved;
    const ids = page.filter((c) => canonicalizeUrl(c.canonical_url, after).platform === slug).map((c) => c.id);
    if (ids.length > 0) await moveCasesToService(tx, ids, slug);
    moved += ids.length;
    afterId = page.at(-1)!.id;
  }
}
