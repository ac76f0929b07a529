import type { OrgKind } from './organization.ts';

/**
 * Deadlines a platform has to answer a notice. Decree 147/2024/NĐ-CP obliges large platforms to act
 * within 24 hours of a request by a competent authority, and within 48 hours on well-founded
 * complaints; we give trusted flaggers and rights holders the complaint deadline, and an `urgent`
 * notice (only authorities and trusted flaggers may send one: notice.ts) the authority deadline.
 */
export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

const HOUR_MS = 3_600_000;

export function responseWindowHours(submitterKind: OrgKind, urgency: Urgency): number {
  if (submitterKind === 'authority' || urgency === 'urgent') return 24;
  return 48;
}

export function noticeDeadline(receivedAt: Date, submitterKind: OrgKind, urgency: Urgency): Date {
  return new Date(receivedAt.getTime() + responseWindowHours(submitterKind, urgency) * HOUR_MS);
}

/** A case's clock is the earliest deadline of the notices that joined it. */
export function caseDeadline(current: Date | null, incoming: Date): Date {
  return current && current.getTime() <= incoming.getTime() ? current : incoming;
}

/** An appeal restarts the clock: the platform owes a reasoned answer to the appeal too. */
export const APPEAL_WINDOW_HOURS = 48;

export function appealDeadline(appealedAt: Date): Date {
  return new Date(appealedAt.getTime() + APPEAL_WINDOW_HOURS * HOUR_MS);
}

export function isOverdue(dueAt: Date | null, open: boolean, now: Date): boolean {
  return open && dueAt !== null && dueAt.getTime() < now.getTime();
}
