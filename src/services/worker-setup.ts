import type { Config } from '../config.ts';
import { planDigests } from './digest.service.ts';
import { makeDailyDump } from './dump.service.ts';
import { createEmailHandler } from './email.handler.ts';
import { createStatementEmailHandler } from './statement-email.handler.ts';
import type { JobHandler } from './job-handler.ts';
import { sweepDeadlines } from './sla-sweep.service.ts';
import { sweepCounterNotices } from './counter-notice-sweep.service.ts';
import { makeDueHalfYearReport } from './transparency-report.service.ts';
import { createWebhookHandler } from './webhook.handler.ts';
import type { PeriodicTask } from './worker.service.ts';
import { purgeExpiredPersonalData } from './personal-data-retention.service.ts';
import { resolveShortLinks } from './short-link.service.ts';

/** How often the deadline sweep looks for cases crossing into due-soon or overdue. */
const SWEEP_EVERY_MS = 30_000;
/** The digest is planned once a day per organization; looking every quarter hour is enough. */
const DIGEST_EVERY_MS = 15 * 60_000;
/** A half-year's transparency report is made once, after it ends; looking every hour is enough. */
const REPORT_EVERY_MS = 60 * 60_000;
/** Personal data is kept for days after its purpose ended; clearing it within the hour is enough. */
const RETENTION_EVERY_MS = 60 * 60_000;
/** Short links reported are asked of their platform within seconds; the loop runs on while any are due. */
const SHORT_LINKS_EVERY_MS = 5_000;
/** The open data dump is made once per Vietnamese day; looking every quarter hour is enough. */
const DUMP_EVERY_MS = 15 * 60_000;

/**
 * What the worker runs, the same in the server (on the embedded database) and in `minhbach
 * worker`: one handler per kind of side effect, and the timed tasks that write events or jobs of
 * their own. E-mail only when SMTP is configured (MINHBACH_SMTP_URL); its events then still reach
 * webhooks. `close` lets go of the SMTP connections.
 */
export function workerSetup(config: Config): { handlers: JobHandler[]; tasks: PeriodicTask[]; close(): void } {
  const email = config.mail ? createEmailHandler(config.mail) : null;
  // Always registered: without e-mail it forgets an affected user's address at once (statement-email.handler.ts).
  const statementEmail = createStatementEmailHandler(config.mail);
  return {
    handlers: [createWebhookHandler({ outbound: { allow: config.outboundAllow } }), ...(email ? [email] : []), statementEmail],
    tasks: [
      { name: 'deadline sweep', everyMs: SWEEP_EVERY_MS, run: (ctx) => sweepDeadlines(ctx) },
      // Counter-notices whose waiting period ended (days long): every minute is precise enough.
      { name: 'counter-notice sweep', everyMs: 60_000, run: (ctx) => sweepCounterNotices(ctx) },
      // Short links (fb.watch/…) asked of their platform: soon after the report, so the case joins its target early.
      { name: 'short links', everyMs: SHORT_LINKS_EVERY_MS, run: (ctx) => resolveShortLinks(ctx, { outbound: { allow: config.outboundAllow } }) },
      // Personal data past its retention (days long): hourly is precise enough.
      { name: 'personal data retention', everyMs: RETENTION_EVERY_MS, run: (ctx) => purgeExpiredPersonalData(ctx, config.personalDataRetentionDays) },
      { name: 'transparency report', everyMs: REPORT_EVERY_MS, run: (ctx) => makeDueHalfYearReport(ctx, { deployment: config.publicUrl ?? null }) },
      ...(email ? [{ name: 'daily digest', everyMs: DIGEST_EVERY_MS, run: (ctx: Parameters<PeriodicTask['run']>[0]) => planDigests(ctx) }] : []),
      ...(config.dumpsDir !== null ? [{ name: 'open data dump', everyMs: DUMP_EVERY_MS, run: dailyDumpTask(config.dumpsDir) }] : []),
    ],
    close: () => {
      email?.close();
      statementEmail.close();
    },
  };
}

/** The day's open data dump, made by whichever worker claims the day first (dump.service.ts). */
function dailyDumpTask(dir: string): PeriodicTask['run'] {
  return async (ctx) => ((await makeDailyDump(ctx, { dir })).made ? 1 : 0);
}
