/**
 * How long minhbach keeps the personal data of private persons once it has served its purpose
 * (Decree 13/2023/NĐ-CP on personal data protection, like the GDPR, asks for no longer than
 * needed). What is kept, and for what:
 * - a public report's contact address and evidence: to tell the reporter the outcome; kept until
 *   every case of the report has been answered (none still owes an answer) and the report is
 *   older than the retention period;
 * - a counter-notice's name, e-mail and statement: for the rights holder to go to court; kept
 *   until the counter-notice ended (court filing shown, or the content due back) and the
 *   retention period has passed since;
 * - the e-mails already sent (jobs' payloads carry the addresses): kept as long, then emptied.
 * The default, 180 days, leaves time for complaints about how a case was handled.
 */
export const DEFAULT_PERSONAL_DATA_RETENTION_DAYS = 180;
export const MIN_PERSONAL_DATA_RETENTION_DAYS = 7;
export const MAX_PERSONAL_DATA_RETENTION_DAYS = 3650;

const DAY_MS = 86_400_000;

/** Data whose purpose ended before this moment is cleared. */
export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
