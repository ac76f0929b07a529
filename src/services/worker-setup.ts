import type { Config } from '../config.ts';
import { planDigests } from './digest.service.ts';
import { createEmailHandler } from './email.handler.ts';
import type { JobHandler } from './job-handler.ts';
import { sweepDeadlines } from './sla-sweep.service.ts';
import { createWebhookHandler } from './webhook.handler.ts';
import type { PeriodicTask } from './worker.service.ts';

/** How often the deadline sweep looks for cases crossing into due-soon or overdue. */
const SWEEP_EVERY_MS = 30_000;
/** The digest is planned once a day per organization; looking every quarter hour is enough. */
const DIGEST_EVERY_MS = 15 * 60_000;

/**
 * What the worker runs, the same in the server (on the embedded database) and in `minhbach
 * worker`: one handler per kind of side effect, and the timed tasks that write events or jobs of
 * their own. E-mail only when SMTP is configured (MINHBACH_SMTP_URL); its events then still reach
 * webhooks. `close` lets go of the SMTP connections.
 */
export function workerSetup(config: Config): { handlers: JobHandler[]; tasks: PeriodicTask[]; close(): void } {
  const email = config.mail ? createEmailHandler(config.mail) : null;
  return {
    handlers: [createWebhookHandler({ outbound: { allow: config.outboundAllow } }), ...(email ? [email] : [])],
    tasks: [
      { name: 'deadline sweep', everyMs: SWEEP_EVERY_MS, run: (ctx) => sweepDeadlines(ctx) },
      ...(email ? [{ name: 'daily digest', everyMs: DIGEST_EVERY_MS, run: (ctx: Parameters<PeriodicTask['run']>[0]) => planDigests(ctx) }] : []),
    ],
    close: () => email?.close(),
  };
}
