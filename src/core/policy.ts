import type { Actor, OrgKind, PersonRole } from './organization.ts';

/**
 * Who may do what inside an organization: one table from actions to the least role that may
 * take them. The route policy (src/http/route-policy.ts) checks every route against it before
 * the body is read, and services check again with `can`/`assertCan` for what they do.
 *
 * API keys (role null) keep the full access of their organization, admin actions included:
 * a key is the organization's machine identity, and whoever holds one could already act for it
 * in every other way. An organization that wants admin work done by people only keeps its
 * keys away from it (and the operator can revoke them).
 */
export const ACTIONS = {
  /** Reading cases, notices, matches made before: the default of GET routes. */
  read: 'viewer',
  /** Changing anything that is not administration: the default of POST/PUT/PATCH/DELETE routes. */
  write: 'reviewer',
  'notice.submit': 'reviewer',
  'case.act': 'reviewer',
  'decision.create': 'reviewer',
  /** A fact-checker's verdict on a case (fact-check.service.ts: trusted flaggers only). */
  'fact_check.create': 'reviewer',
  /** Correcting a published record by a new one that supersedes it (correction.service.ts). */
  'record.correct': 'reviewer',
  match: 'reviewer',
  /** One's own session: who am I, sign out, second factor. Any person. */
  'session.self': 'viewer',
  'people.manage': 'admin',
  'invitations.manage': 'admin',
  'keys.manage': 'admin',
  'webhooks.manage': 'admin',
  'settings.manage': 'admin',
  'audit.read': 'admin',
  /** Importing and deleting one's own hash lists (hash-list.service.ts: kinds in HASH_LIST_IMPORTERS). */
  'hash_list.manage': 'reviewer',
  /** Downloading hash lists and minhbach's own signals (kinds in HASH_LIST_EXPORTERS). */
  'hash_list.export': 'reviewer',
} as const satisfies Record<string, PersonRole>;
export type Action = keyof typeof ACTIONS;

export function isAction(s: string): s is Action {
  return Object.hasOwn(ACTIONS, s);
}

const RANK: Record<PersonRole, number> = { viewer: 1, reviewer: 2, admin: 3 };

/** The action a route stands for when it names none: reads for GET/HEAD, writes otherwise. */
export function defaultAction(method: string): Action {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

/**
 * May this actor take this action, on this resource if one is given? A resource of another
 * organization is never allowed (services answer that "not found", not "forbidden").
 */
export function can(actor: Pick<Actor, 'orgId' | 'role'>, action: Action, resource?: { orgId: string }): boolean {
  if (resource && resource.orgId !== actor.orgId) return false;
  return actor.role === null || RANK[actor.role] >= RANK[ACTIONS[action]];
}

/** The least role an action needs, for refusals that say what is missing. */
export function roleFor(action: Action): PersonRole {
  return ACTIONS[action];
}

/**
 * Admins of authorities and platforms must use a second factor (TOTP): their accounts can file
 * binding requests or take content down. Until they enrol they may only manage their own session.
 */
export function secondFactorRequired(kind: OrgKind, role: PersonRole): boolean {
  return role === 'admin' && (kind === 'authority' || kind === 'platform');
}

/**
 * Hash lists (issue 15, src/services/hash-list.service.ts). Platforms and trusted flaggers import
 * lists of their own, which then match the images of every case; the operator imports the
 * deployment's shared lists. Only platforms (and the operator) export: the hashes are signals for
 * those who moderate uploads, never public (a published hash lets an adversary test evasions).
 */
export const HASH_LIST_IMPORTERS: readonly OrgKind[] = ['platform', 'trusted_flagger'];
export const HASH_LIST_EXPORTERS: readonly OrgKind[] = ['platform'];
