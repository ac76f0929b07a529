/**
 * The affected user's statement of reasons (`/statements/{token}`): the Santa Clara Principles'
 * notice items (what was done, to which content, under which rule or law, who asked for it,
 * whether automation detected or decided it, and how to appeal) for one decision. The view itself
 * is built by `affected-user-statement-view.ts`; this module holds the rules the browser bundles
 * too (the appeal window), so it imports nothing that needs Node.
 *
 * Only what is already public, in the form the transparency database publishes it: the
 * platform's texts pass through the same redaction as the published statement (`publicValue`),
 * the content's URL is the published truncated one, and of the notices only the authorities are
 * named (with their legal basis, as their published requests name them). Flaggers and rights
 * holders appear as a kind, a member of the public as "a report": never a reporter's name,
 * contact, description or evidence, nor a notice's explanation.
 */

/**
 * DSA Art. 20(1): the internal complaint-handling system must be open to the affected user "for a
 * period of at least six months following the decision". minhbach offers exactly that minimum; a
 * deployment that wants longer changes it here.
 */
export const AFFECTED_USER_APPEAL_MONTHS = 6;

/** The last moment the affected user may appeal: the same day and time, six calendar months later (the month's last day when it has no such day). */
export function affectedUserAppealDeadline(decidedAt: Date): Date {
  const d = new Date(decidedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + AFFECTED_USER_APPEAL_MONTHS);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}
