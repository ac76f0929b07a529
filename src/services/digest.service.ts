import { OPEN_STATUSES } from '../core/case-state.ts';
import { vietnamDay } from '../core/email/templates.ts';
import { uuidv7 } from '../core/ids.ts';
import { contactsOf } from '../repositories/contact.repository.ts';
import { claimDigests, digestCounts } from '../repositories/digest.repository.ts';
import { insertJobs, type NewJob } from '../repositories/job.repository.ts';
import type { ServiceContext } from './context.ts';
import { EMAIL_JOB_KIND, type EmailJobPayload } from './email.handler.ts';

const DAY_MS = 86_400_000;

/**
 * Plans the daily digest: for each organization with a digest address, once per Vietnamese
 * calendar day from `fromHour` o'clock (Vietnam time) on, one e-mail job per address with the
 * day's figures. Claiming the day and inserting the jobs are one transaction, so a digest is
 * neither lost nor sent twice however many workers call this. Returns the jobs planned. The
 * worker calls it periodically (hourly is plenty); register it only when e-mail is configured.
 */
export async function planDigests(ctx: ServiceContext, options: { fromHour?: number } = {}): Promise<number> {
  const now = ctx.now();
  const hour = new Date(now.getTime() + 7 * 3_600_000).getUTCHours();
  if (hour < (options.fromHour ?? 7)) return 0;
  const day = vietnamDay(now);
  return ctx.db.transaction(async (tx) => {
    const orgs = await claimDigests(tx, day, now);
    const jobs: NewJob[] = [];
    for (const org of orgs) {
      const counts = await digestCounts(tx, org, OPEN_STATUSES, now, new Date(now.getTime() - DAY_MS));
      for (const c of await contactsOf(tx, [org.org_id], 'digest')) {
        const payload: EmailJobPayload = { to: c.email, email: { template: 'digest', org_name: org.name, org_kind: org.kind, day, counts } };
        // No event: a digest is the schedule's, not a change's; seq 0 and no order key.
        jobs.push({ id: uuidv7(now.getTime()), kind: EMAIL_JOB_KIND, event_id: null, seq: '0', order_key: null, payload, run_at: now, created_at: now });
      }
    }
    await insertJobs(tx, jobs);
    return jobs.length;
  });
}
