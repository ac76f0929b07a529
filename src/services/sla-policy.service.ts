import { AppError } from '../core/errors.ts';
import { checkSlaRules, DEFAULT_SLA_RULES, type SlaPolicy, type SlaRules } from '../core/sla.ts';
import type { Db } from '../db/db.ts';
import { readSlaRules, replaceSlaRules } from '../repositories/sla-policy.repository.ts';
import type { ServiceContext } from './context.ts';
import { ttlCache } from './ttl-cache.ts';

/**
 * How long a process may use policies it read: intake asks on every notice, so it reads the table
 * at most once per window. A change made through this process applies at once here and within
 * this window in the other processes.
 */
export const SLA_POLICY_TTL_MS = 5_000;

export interface SlaPoliciesDocument extends SlaRules {
  /** `default`: the operator has set none, the built-in rules apply. */
  source: 'default' | 'deployment';
  updated_at: string | null;
}

const caches = new WeakMap<Db, (now: Date) => Promise<SlaPoliciesDocument>>();

async function load(db: Db): Promise<SlaPoliciesDocument> {
  const stored = await readSlaRules(db);
  if (!stored) return { source: 'default', ...DEFAULT_SLA_RULES, updated_at: null };
  return { source: 'deployment', policies: stored.policies, due_soon_remaining_percent: stored.due_soon_remaining_percent, updated_at: stored.updated_at.toISOString() };
}

function cached(ctx: ServiceContext): Promise<SlaPoliciesDocument> {
  let c = caches.get(ctx.db);
  if (!c) {
    c = ttlCache(SLA_POLICY_TTL_MS, () => load(ctx.db));
    caches.set(ctx.db, c);
  }
  return c(ctx.now());
}

/** The rules in force (at most SLA_POLICY_TTL_MS old): what intake, appeals and the sweep apply. */
export async function slaRules(ctx: ServiceContext): Promise<SlaRules> {
  return cached(ctx);
}

/** GET /admin/sla-policies and /public/sla-policies: the same document; policies are public rules. */
export function getSlaPolicies(ctx: ServiceContext): Promise<SlaPoliciesDocument> {
  return cached(ctx);
}

/** PUT /admin/sla-policies: replaces the whole set. Deadlines already set stay; new notices get the new ones. */
export async function setSlaPolicies(ctx: ServiceContext, input: { due_soon_remaining_percent: number; policies: readonly Partial<SlaPolicy>[] }): Promise<SlaPoliciesDocument> {
  const rules: SlaRules = {
    due_soon_remaining_percent: input.due_soon_remaining_percent,
    policies: input.policies.map((p) => ({
      applies_to: p.applies_to!,
      submitter_kind: p.submitter_kind ?? null,
      category: p.category ?? null,
      urgency: p.urgency ?? null,
      hours: p.hours!,
    })),
  };
  const errors = checkSlaRules(rules);
  if (errors.length > 0) throw AppError.validation(errors);
  await ctx.db.transaction((tx) => replaceSlaRules(tx, rules, ctx.now()));
  caches.delete(ctx.db);
  return cached(ctx);
}
