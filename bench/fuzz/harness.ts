/**
 * The fuzzer's target and loop, shared by `npm run bench:fuzz` (bench/fuzz/run.ts, ≥ 100,000
 * requests) and the CI sample (test/fuzz.test.ts): an app on a test database (PGlite, or
 * PostgreSQL with MINHBACH_TEST_DB=postgres), one organization of every kind, the operator
 * token, a few real notices, cases and public records whose ids the cases reuse.
 */
import { ORG_KINDS } from '../../src/core/organization.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, makeOrg, noticeInput, sorInput } from '../../test/factories.ts';
import { contractBreach } from './check.ts';
import { generateCase, operationsOf, rng, type Credentials, type FuzzCase, type Operation, type Pools } from './generate.ts';

export interface FuzzTarget {
  t: TestApp;
  operations: Operation[];
  creds: Credentials;
  pools: Pools;
  /** For each operation, the key of a caller it is meant for (a platform's for decisions). */
  wanted: Map<Operation, string | undefined>;
}

const OPERATOR_TOKEN = 'fuzz-operator-token-0123456789abcdefghij';

export async function openFuzzTarget(): Promise<FuzzTarget> {
  // No rate limits: they would answer most of the run with 429 and hide everything behind them.
  const t = await openTestApp({ operatorToken: OPERATOR_TOKEN, limits: false });
  await t.app.ready();
  const keys: Record<string, string> = {};
  const orgs = Object.fromEntries(
    await Promise.all(ORG_KINDS.map(async (kind) => [kind, await makeOrg(t.ctx, kind, kind === 'platform' ? { platform: 'facebook' } : {})] as const)),
  );
  for (const [kind, org] of Object.entries(orgs)) keys[kind] = org.headers.authorization;

  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const notice = await call(t.app, 'POST', '/api/v1/notices', { org: orgs.authority, body: noticeInput() });
    if (notice.status !== 201) throw new Error(`fuzz setup: ${notice.body}`);
    ids.push(notice.json.id, notice.json.cases[0].id);
    if (i === 0) {
      const decided = await call(t.app, 'POST', `/api/v1/cases/${notice.json.cases[0].id}/decisions`, { org: orgs.platform, body: sorInput() });
      if (decided.status !== 201) throw new Error(`fuzz setup: ${decided.body}`);
      ids.push(decided.json.public_record_id);
    }
  }
  await t.integrate();

  const doc = t.app.swagger() as Record<string, any>;
  const operations = operationsOf(doc);
  const noticeSchema = operations.find((o) => o.method === 'POST' && o.path === '/api/v1/notices')?.body;
  const wanted = new Map<Operation, string | undefined>();
  for (const op of operations) {
    const forPlatforms = /\/(?:decisions|no-action)$/.test(op.path) || (op.path.startsWith('/api/v1/cases') && op.method === 'POST');
    wanted.set(op, op.security !== 'bearer' ? undefined : forPlatforms ? keys.platform : op.path.startsWith('/api/v1/notices') ? keys.authority : undefined);
  }
  return { t, operations, creds: { keys, operator: `Bearer ${OPERATOR_TOKEN}` }, pools: { ids, noticeSchema }, wanted };
}

export interface Failure {
  case: FuzzCase;
  breach: string;
  status: number;
  body: string;
}

export interface FuzzSummary {
  requests: number;
  seconds: number;
  byStatus: Record<number, number>;
  byRoute: Record<string, Record<number, number>>;
  failures: Failure[];
  /** Requests the injector itself refused to build (e.g. a header value Node cannot send). */
  unsendable: number;
}

/** Sends `n` seeded cases, `concurrency` at a time, spread evenly over the operations. */
export async function runFuzz(target: FuzzTarget, options: { n: number; seed: number; concurrency?: number; onProgress?: (done: number) => void }): Promise<FuzzSummary> {
  const r = rng(options.seed);
  const { t, operations, creds, pools, wanted } = target;
  const summary: FuzzSummary = { requests: 0, seconds: 0, byStatus: {}, byRoute: {}, failures: [], unsendable: 0 };
  const start = process.hrtime.bigint();
  let next = 0;

  const one = async (c: FuzzCase) => {
    let res;
    try {
      res = await t.app.inject({ method: c.method as 'GET', url: c.url, headers: c.headers, ...(c.payload !== undefined ? { payload: c.payload } : {}) });
    } catch {
      summary.unsendable++;
      return;
    }
    summary.requests++;
    summary.byStatus[res.statusCode] = (summary.byStatus[res.statusCode] ?? 0) + 1;
    const route = (summary.byRoute[c.route] ??= {});
    route[res.statusCode] = (route[res.statusCode] ?? 0) + 1;
    const breach = contractBreach({ statusCode: res.statusCode, headers: res.headers, body: res.body }, c.method);
    if (breach && summary.failures.length < 200)
      summary.failures.push({ case: { ...c, ...(c.payload ? { payload: c.payload.slice(0, 500) } : {}) }, breach, status: res.statusCode, body: res.body.slice(0, 500) });
  };

  const worker = async () => {
    while (next < options.n) {
      const i = next++;
      const op = operations[i % operations.length]!;
      await one(generateCase(op, r, creds, pools, wanted.get(op)));
      if (options.onProgress && (i + 1) % 5000 === 0) options.onProgress(i + 1);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  summary.seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return summary;
}
