import type { SlaPolicy, SlaRules } from '../core/sla.ts';
import type { Db } from '../db/db.ts';

/** The deployment's policies, or null when the operator never set any (the defaults of core/sla.ts apply). */
export async function readSlaRules(db: Db): Promise<(SlaRules & { updated_at: Date }) | null> {
  const [settings] = await db.query<{ due_soon_remaining_percent: number; updated_at: Date }>('SELECT due_soon_remaining_percent, updated_at FROM sla_settings');
  if (!settings) return null;
  const policies = await db.query<SlaPolicy>('SELECT applies_to, submitter_kind, category, urgency, hours FROM sla_policies ORDER BY position');
  return { policies, due_soon_remaining_percent: settings.due_soon_remaining_percent, updated_at: settings.updated_at };
}

/** Replaces the whole set; call inside a transaction. */
export async function replaceSlaRules(db: Db, rules: SlaRules, at: Date): Promise<void> {
  await db.query('DELETE FROM sla_policies');
  await db.query(
    `INSERT INTO sla_policies (position, applies_to, submitter_kind, category, urgency, hours, updated_at)
     SELECT t.position, t.applies_to, t.submitter_kind, t.category, t.urgency, t.hours, $2
     FROM jsonb_to_recordset($1::text::jsonb) AS t(position int, applies_to text, submitter_kind text, category text, urgency text, hours int)`,
    [JSON.stringify(rules.policies.map((p, position) => ({ position, ...p }))), at],
  );
  await db.query(
    `INSERT INTO sla_settings (id, due_soon_remaining_percent, updated_at) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET due_soon_remaining_percent = excluded.due_soon_remaining_percent, updated_at = excluded.updated_at`,
    [rules.due_soon_remaining_percent, at],
  );
}
