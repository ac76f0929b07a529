import { AFFECTED_USER_APPEAL_MONTHS, affectedUserAppealDeadline } from './affected-user-statement.ts';
import { AppError, type FieldError } from './errors.ts';
import { evidenceUrlProblem, MAX_EVIDENCE_URLS } from './notice-addition.ts';
import type { OrgKind } from './organization.ts';

/**
 * Appeals (DSA Art. 20). Who appealed: the affected user (through the statement link, no
 * account), a submitter of the case (in its own kind's name), or the platform recording an appeal
 * it received by other means (`platform_on_behalf`).
 */
export const APPELLANTS = ['affected_user', 'authority', 'trusted_flagger', 'rights_holder', 'public_reporter', 'platform_on_behalf'] as const;
export type Appellant = (typeof APPELLANTS)[number];

export const APPEAL_STATUSES = ['open', 'decided', 'withdrawn'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** The appellant an organization acting on the case is. */
export function appellantOf(kind: OrgKind): Appellant {
  return kind === 'platform' ? 'platform_on_behalf' : kind;
}

/**
 * Art. 20(1): the complaint-handling system is open "for a period of at least six months following
 * the decision": the window is the affected user's statement's (affected-user-statement.ts, one
 * rule for the page that shows it and the routes that enforce it), for every appellant.
 */
export const APPEAL_WINDOW_MONTHS = AFFECTED_USER_APPEAL_MONTHS;
export const appealWindowEnd = affectedUserAppealDeadline;

/** Refuses an appeal made after the window of the decision it appeals. */
export function checkAppealWindow(decidedAt: Date, now: Date): void {
  const end = appealWindowEnd(decidedAt);
  if (now.getTime() > end.getTime()) {
    throw new AppError('conflict', `The time to appeal this decision ended on ${end.toISOString()}: a decision may be appealed for ${APPEAL_WINDOW_MONTHS} months`, {
      extra: { reason: 'appeal_window_closed', appeal_window_ended_at: end.toISOString() },
    });
  }
}

export const MAX_APPEAL_TEXT = 5000;

/**
 * What an appellant writes: a text (the affected user must say why; an organization may leave it
 * to its note) and up to 10 links, checked like a submitter's evidence (http(s), a host, no user
 * name or password) and kept as sent. Returns the text trimmed, or `validation_failed` naming each
 * bad field.
 */
export function checkAppealInput(input: { text?: string; urls?: readonly string[] }, options: { textRequired: boolean }): { text: string; urls: string[] } {
  const errors: FieldError[] = [];
  const text = (input.text ?? '').trim();
  if (text === '' && options.textRequired) errors.push({ field: 'text', message: 'must say why the decision is wrong: it is blank' });
  else if (text.length > MAX_APPEAL_TEXT) errors.push({ field: 'text', message: `must be at most ${MAX_APPEAL_TEXT} characters` });
  const urls = input.urls ?? [];
  if (urls.length > MAX_EVIDENCE_URLS) errors.push({ field: 'urls', message: `must hold at most ${MAX_EVIDENCE_URLS} links` });
  urls.forEach((u, i) => {
    const problem = evidenceUrlProblem(u);
    if (problem) errors.push({ field: `urls[${i}]`, message: problem });
  });
  if (new Set(urls).size !== urls.length) errors.push({ field: 'urls', message: 'must not repeat a link' });
  if (errors.length) throw AppError.validation(errors);
  return { text, urls: [...urls] };
}
