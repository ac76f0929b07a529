import { OPEN_STATUSES } from '../core/case-state.ts';
import { operationsSnapshot, type OperationsSnapshot } from '../repositories/metrics.repository.ts';
import type { ServiceContext } from './context.ts';

export type { OperationsSnapshot };

/** The state of the system for /metrics: queues, lags, open and overdue cases by platform. */
export function readOperations(ctx: ServiceContext): Promise<OperationsSnapshot> {
  return operationsSnapshot(ctx.db, OPEN_STATUSES, ctx.now());
}

/** Whether this process can serve: its database answers. */
export async function checkReady(ctx: ServiceContext): Promise<void> {
  await ctx.db.query('SELECT 1');
}
