import { OPEN_STATUSES } from '../core/case-state.ts';
import { retentionCutoff } from '../core/personal-data-retention.ts';
import { purgeCounterNoticeContacts, purgePublicReportContacts, purgeSentEmailPayloads } from '../repositories/personal-data-retention.repository.ts';
import type { ServiceContext } from './context.ts';
import { EMAIL_JOB_KIND } from './email.handler.ts';
import { STATEMENT_EMAIL_JOB_KIND } from './statement-email.handler.ts';

/**
 * Clears the personal data of private persons whose purpose ended more than `days` ago (the rules
 * are src/core/personal-data-retention.ts). A periodic task of the worker; each statement is
 * idempotent and skips rows others hold, so any number of workers may run it. Returns the rows cleared.
 */
export async function purgeExpiredPersonalData(ctx: ServiceContext, days: number, batch = PURGE_BATCH): Promise<number> {
  const at = ctx.now();
  const cutoff = retentionCutoff(at, days);
  return (
    (await purgePublicReportContacts(ctx.db, { cutoff, open: OPEN_STATUSES, at, batch })) +
    (await purgeCounterNoticeContacts(ctx.db, { cutoff, at, batch })) +
    (await purgeSentEmailPayloads(ctx.db, { cutoff, kinds: [EMAIL_JOB_KIND, STATEMENT_EMAIL_JOB_KIND], batch }))
  );
}

/** Rows cleared per statement; the worker runs the task again at once while it cleared any. */
const PURGE_BATCH = 1000;
