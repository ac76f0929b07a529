/** Who takes part in minhbach. (Where content lives is the service registry: services.ts.) */
export const ORG_KINDS = ['authority', 'trusted_flagger', 'rights_holder', 'platform', 'public_reporter'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Organization kinds that may submit notices. Platforms answer notices; they do not file them. */
export const SUBMITTER_KINDS = ['authority', 'trusted_flagger', 'rights_holder', 'public_reporter'] as const satisfies readonly OrgKind[];
export type SubmitterKind = (typeof SUBMITTER_KINDS)[number];

/**
 * Who may mark a notice `urgent`, which gives the platform 24 h instead of 48 (sla.ts): the
 * organizations vetted for it. Anyone else could otherwise put every notice ahead of everyone's.
 * Here, with the kinds, so the browser's notice form offers urgency to the same organizations.
 */
export const URGENT_SUBMITTERS: readonly SubmitterKind[] = ['authority', 'trusted_flagger'];

/** "an authority", "a trusted flagger": an organization kind as a sentence names it. */
const KIND_IN_A_SENTENCE: Record<OrgKind, string> = {
  authority: 'an authority',
  trusted_flagger: 'a trusted flagger',
  rights_holder: 'a rights holder',
  platform: 'a platform',
  public_reporter: 'a public reporter',
};

export function kindInASentence(kind: OrgKind): string {
  return KIND_IN_A_SENTENCE[kind];
}

export function isSubmitterKind(kind: OrgKind): kind is SubmitterKind {
  return (SUBMITTER_KINDS as readonly string[]).includes(kind);
}

/** What a person may do in their organization (src/core/policy.ts): admin ⊃ reviewer ⊃ viewer. */
export const PERSON_ROLES = ['admin', 'reviewer', 'viewer'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/**
 * The authenticated organization on whose behalf a request is made, and who made it: a person
 * signed in (personId and role set) or one of the organization's API keys (keyId set, role null).
 * A null role is the organization's full machine access, as API keys always had; the operator
 * acting for an organization has no person and no key.
 */
export interface Actor {
  orgId: string;
  kind: OrgKind;
  name: string;
  /**
   * The services (registry slugs) whose cases the organization answers: only a platform
   * organization has any (Meta may answer for facebook, instagram and threads).
   */
  services: readonly string[];
  personId: string | null;
  keyId: string | null;
  role: PersonRole | null;
}
