import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import type { Db } from '../db/db.ts';
import { INTAKE_RULES, INTAKE_SQL } from './intake.repository.ts';

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDb());
});
afterAll(() => close());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function scans(node: PlanNode, out: string[] = []): string[] {
  if (node['Relation Name']) out.push(`${node['Node Type']} on ${node['Relation Name']}`);
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

describe('the intake statement', () => {
  // Every notice passes through this statement, so its cost must not grow with the number of
  // cases. The planner guesses 100 rows for any jsonb_to_recordset; written as joins, it once
  // hashed the whole cases table for each statement (found by bench:intake, not by any test).
  it('reaches cases and aliases by index, however many cases there are', async () => {
    await db.query(
      `INSERT INTO cases (id, content_key, platform, canonical_url, category)
       SELECT gen_random_uuid(), 'facebook:post:plan' || g, 'facebook', 'https://www.facebook.com/p/' || g, 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD'
       FROM generate_series(1, 20000) AS g`,
    );
    // A merged case leaves its key as an alias of the case it joined: one case in four here.
    await db.query(
      `INSERT INTO case_aliases (content_key, case_id, merged_case_id, canonical_url, score, created_at)
       SELECT m.content_key || ':alias', s.id, m.id, m.canonical_url, 0.9, now()
       FROM (SELECT id, content_key, canonical_url, row_number() OVER (ORDER BY content_key) AS r FROM cases) m
       JOIN (SELECT id, row_number() OVER (ORDER BY content_key DESC) AS r FROM cases) s ON s.r = m.r
       WHERE m.r % 4 = 0`,
    );
    await db.exec('ANALYZE cases; ANALYZE case_aliases');
    const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${INTAKE_SQL}`, ['[]', '[]', '[]', ...INTAKE_RULES]);
    const raw = row!['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
    const touched = scans(plan[0]!.Plan);
    expect(touched.some((s) => s.endsWith(' on cases'))).toBe(true);
    expect(touched.filter((s) => s.startsWith('Seq Scan') && /on (?:cases|case_aliases)$/.test(s))).toEqual([]);
  });
});
