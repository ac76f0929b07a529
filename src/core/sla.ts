import { STATEMENT_CATEGORIES } from './dsa.ts';
import type { FieldError } from './errors.ts';
import { SUBMITTER_KINDS, type SubmitterKind } from './organization.ts';

/**
 * Deadlines a platform has to answer a notice. Decree 147/2024/NĐ-CP obliges large platforms to act
 * within 24 hours of a request by a competent authority, and within 48 hours on well-founded
 * complaints; we give trusted flaggers and rights holders the complaint deadline, and an `urgent`
 * notice (only authorities and trusted flaggers may send one: notice.ts) the authority deadline.
 * Those are the defaults; a deployment may set its own policies (table sla_policies, read by
 * sla-policy.service.ts), and this file is the one place that says which policy applies.
 */
export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** A notice starts a platform's clock; so does an appeal (the platform owes a reasoned answer to it too). */
export const SLA_SUBJECTS = ['notice', 'appeal'] as const;
export type SlaSubject = (typeof SLA_SUBJECTS)[number];

/** One policy: null fields match anything. */
export interface SlaPolicy {
  applies_to: SlaSubject;
  submitter_kind: SubmitterKind | null;
  category: string | null;
  urgency: Urgency | null;
  hours: number;
}

export interface SlaRules {
  policies: readonly SlaPolicy[];
  /** A case is "due soon" once this share of its window (from the clock's start to the deadline) is left. */
  due_soon_remaining_percent: number;
}

const HOUR_MS = 3_600_000;

/**
 * What the public statistics hold authority requests to: the 24 hours of Decree 147, whatever
 * policies a deployment sets, so that figures from different deployments mean the same thing.
 */
export const AUTHORITY_ANSWER_HOURS = 24;

export const MAX_SLA_HOURS = 24 * 90;
export const MAX_SLA_POLICIES = 200;

const any = { submitter_kind: null, category: null, urgency: null } as const;

export const DEFAULT_SLA_RULES: SlaRules = {
  due_soon_remaining_percent: 25,
  policies: [
    { applies_to: 'notice', ...any, hours: 48 },
    { applies_to: 'notice', ...any, submitter_kind: 'authority', hours: 24 },
    { applies_to: 'notice', ...any, urgency: 'urgent', hours: 24 },
    { applies_to: 'appeal', ...any, hours: 48 },
  ],
};

/** What a policy is matched against. Appeals match on category only. */
export interface SlaMatter {
  applies_to: SlaSubject;
  submitter_kind?: SubmitterKind | null;
  category?: string | null;
  urgency?: Urgency | null;
}

function specificity(p: SlaPolicy): number {
  return (p.submitter_kind ? 1 : 0) + (p.category ? 1 : 0) + (p.urgency ? 1 : 0);
}

function matches(p: SlaPolicy, m: SlaMatter): boolean {
  return (
    p.applies_to === m.applies_to &&
    (p.submitter_kind === null || p.submitter_kind === m.submitter_kind) &&
    (p.category === null || p.category === m.category) &&
    (p.urgency === null || p.urgency === m.urgency)
  );
}

/**
 * The policy that applies: the most specific one (most fields named); between equally specific
 * ones, the shortest window, so that naming a kind (say flaggers: 72 h) never makes an urgent
 * notice of that kind slower than the urgent rule. Rules that passed `checkSlaRules` always have a
 * catch-all; should none match anyway, the default applies rather than no deadline.
 */
export function resolveSlaPolicy(rules: SlaRules, m: SlaMatter): SlaPolicy {
  let best: SlaPolicy | null = null;
  for (const p of rules.policies) {
    if (!matches(p, m)) continue;
    if (!best || specificity(p) > specificity(best) || (specificity(p) === specificity(best) && p.hours < best.hours)) best = p;
  }
  return best ?? DEFAULT_SLA_RULES.policies.find((p) => p.applies_to === m.applies_to && specificity(p) === 0)!;
}

export function noticeDeadline(receivedAt: Date, notice: { submitter_kind: SubmitterKind; category: string; urgency: Urgency }, rules: SlaRules = DEFAULT_SLA_RULES): Date {
  return new Date(receivedAt.getTime() + resolveSlaPolicy(rules, { applies_to: 'notice', ...notice }).hours * HOUR_MS);
}

/**
 * An appeal restarts the clock. (A case's clock is otherwise the earliest deadline of the notices
 * that joined it: intake applies that with `least` under the case's row lock, where the case's
 * current deadline is known, intake.repository.ts.)
 */
export function appealDeadline(appealedAt: Date, category: string | null = null, rules: SlaRules = DEFAULT_SLA_RULES): Date {
  return new Date(appealedAt.getTime() + resolveSlaPolicy(rules, { applies_to: 'appeal', category }).hours * HOUR_MS);
}

/** Overdue: past the deadline while an answer is owed. The deadline sweep uses the same comparison (sla-sweep.repository.ts). */
export function isOverdue(dueAt: Date | null, open: boolean, now: Date): boolean {
  return open && dueAt !== null && dueAt.getTime() < now.getTime();
}

/** When a case whose clock started at `clockStart` becomes due soon. */
export function dueSoonAt(clockStart: Date, dueAt: Date, rules: Pick<SlaRules, 'due_soon_remaining_percent'> = DEFAULT_SLA_RULES): Date {
  const window = Math.max(0, dueAt.getTime() - clockStart.getTime());
  return new Date(dueAt.getTime() - window * dueSoonFraction(rules));
}

export type DeadlineState = 'on_time' | 'due_soon' | 'overdue';

export function deadlineState(clockStart: Date, dueAt: Date, now: Date, rules: Pick<SlaRules, 'due_soon_remaining_percent'> = DEFAULT_SLA_RULES): DeadlineState {
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  return dueSoonAt(clockStart, dueAt, rules).getTime() <= now.getTime() ? 'due_soon' : 'on_time';
}

/** The share of a window left when it becomes due soon, as the sweep's SQL takes it. */
export function dueSoonFraction(rules: Pick<SlaRules, 'due_soon_remaining_percent'>): number {
  return rules.due_soon_remaining_percent / 100;
}

/**
 * How far ahead of its deadline any case can become due soon under these rules: the sweep looks
 * no further ahead than this, so it reads an index range instead of every open case. A case whose
 * window was set under a longer, since-replaced policy is then found late, but still found.
 */
export function dueSoonHorizonMs(rules: SlaRules): number {
  const longest = Math.max(...rules.policies.map((p) => p.hours), ...DEFAULT_SLA_RULES.policies.map((p) => p.hours));
  return Math.ceil(longest * HOUR_MS * dueSoonFraction(rules));
}

const key = (p: SlaPolicy) => `${p.applies_to}|${p.submitter_kind ?? '*'}|${p.category ?? '*'}|${p.urgency ?? '*'}`;

/** The rules a deployment's policies must meet; every problem names its field. */
export function checkSlaRules(rules: SlaRules): FieldError[] {
  const errors: FieldError[] = [];
  const pct = rules.due_soon_remaining_percent;
  if (!Number.isInteger(pct) || pct < 1 || pct > 90) errors.push({ field: 'due_soon_remaining_percent', message: `must be a whole number from 1 to 90, got ${pct}` });
  if (rules.policies.length > MAX_SLA_POLICIES) errors.push({ field: 'policies', message: `must hold at most ${MAX_SLA_POLICIES} policies` });
  const seen = new Map<string, number>();
  rules.policies.forEach((p, i) => {
    const at = `policies[${i}]`;
    if (!SLA_SUBJECTS.includes(p.applies_to)) errors.push({ field: `${at}.applies_to`, message: `must be one of ${SLA_SUBJECTS.join(', ')}` });
    if (p.submitter_kind !== null && !(SUBMITTER_KINDS as readonly string[]).includes(p.submitter_kind)) {
      errors.push({ field: `${at}.submitter_kind`, message: `must be one of ${SUBMITTER_KINDS.join(', ')}, or null for any` });
    }
    if (p.category !== null && !(STATEMENT_CATEGORIES as readonly string[]).includes(p.category))
      errors.push({ field: `${at}.category`, message: 'must be a DSA statement category, or null for any' });
    if (p.urgency !== null && !URGENCIES.includes(p.urgency)) errors.push({ field: `${at}.urgency`, message: `must be one of ${URGENCIES.join(', ')}, or null for any` });
    if (p.applies_to === 'appeal' && (p.submitter_kind !== null || p.urgency !== null)) {
      errors.push({ field: at, message: 'an appeal policy may name a category only: appeals have no submitter kind or urgency of their own' });
    }
    if (!Number.isInteger(p.hours) || p.hours < 1 || p.hours > MAX_SLA_HOURS)
      errors.push({ field: `${at}.hours`, message: `must be a whole number of hours from 1 to ${MAX_SLA_HOURS}` });
    const earlier = seen.get(key(p));
    if (earlier !== undefined) errors.push({ field: at, message: `applies to the same notices as policies[${earlier}]` });
    else seen.set(key(p), i);
  });
  for (const subject of SLA_SUBJECTS) {
    if (!rules.policies.some((p) => p.applies_to === subject && specificity(p) === 0)) {
      errors.push({ field: 'policies', message: `must include a policy for every ${subject} (applies_to ${subject}, every other field null), so each ${subject} has a deadline` });
    }
  }
  return errors;
}
