import { OPEN_STATUSES } from '../core/case-state.ts';
import type { DomainEvent } from '../core/events.ts';
import { uuidv7 } from '../core/ids.ts';
import { dueSoonFraction, dueSoonHorizonMs } from '../core/sla.ts';
import { insertCaseEvents } from '../repositories/case-event.repository.ts';
import { appendEvents } from '../repositories/outbox.repository.ts';
import { markDeadlineCrossings } from '../repositories/sla-sweep.repository.ts';
import type { ServiceContext } from './context.ts';
import { slaRules } from './sla-policy.service.ts';

export const SWEEP_BATCH = 500;

/**
 * Escalates open cases that became due soon or overdue: one transaction per batch marks them
 * (once per deadline), records each on its case's timeline (`due_soon` / `overdue`) and appends
 * `case.due_soon` / `case.overdue` to the outbox, so the mark, the record and the e-mails and
 * webhooks that follow stand or fall together. Returns how many cases it escalated; the worker
 * calls it periodically, and again at once while it returns a full batch.
 */
export async function sweepDeadlines(ctx: ServiceContext, options: { limit?: number } = {}): Promise<number> {
  const rules = await slaRules(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const crossed = await markDeadlineCrossings(tx, {
      open: OPEN_STATUSES,
      now,
      dueSoonFraction: dueSoonFraction(rules),
      horizonMs: dueSoonHorizonMs(rules),
      limit: options.limit ?? SWEEP_BATCH,
    });
    if (crossed.length === 0) return 0;
    const t = now.getTime();
    await insertCaseEvents(
      tx,
      crossed.map((c) => ({ id: uuidv7(t), case_id: c.id, at: now, actor_org_id: null, type: c.kind, data: { due_at: c.due_at.toISOString() } })),
    );
    const events: DomainEvent[] = crossed.map((c) => ({
      id: uuidv7(t),
      type: c.kind === 'overdue' ? 'case.overdue' : 'case.due_soon',
      at: now,
      org_id: null,
      case_id: c.id,
      data: { case_id: c.id, platform: c.platform, due_at: c.due_at.toISOString(), category: c.category, authority_request: c.authority_request },
    }));
    await appendEvents(tx, events);
    return crossed.length;
  });
}
