import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFuzzTarget, runFuzz, type FuzzTarget } from '../bench/fuzz/harness.ts';

/**
 * A small seeded sample of `npm run bench:fuzz` (bench/fuzz/): requests derived from the served
 * OpenAPI document, on this project's database. Not one may answer 5xx, and every 4xx must be
 * problem+json naming its fields. The seed is fixed, so a failure here reproduces.
 */
const N = 2000;
const SEED = 11;

let target: FuzzTarget;
beforeAll(async () => {
  target = await openFuzzTarget();
});
afterAll(() => target.t.close());

describe('fuzzing from the OpenAPI document', () => {
  it(`answers ${N} generated requests without a 5xx, every 4xx as problem+json`, async () => {
    const s = await runFuzz(target, { n: N, seed: SEED, concurrency: 4 });
    expect(s.failures.map((f) => `${f.case.method} ${f.case.url.slice(0, 200)} [${f.case.strategy}] → ${f.breach}: ${f.body.slice(0, 200)}`)).toEqual([]);
    expect(s.requests).toBe(N);
    // The sample reaches every route, and gets past authorization and validation on some.
    expect(Object.keys(s.byRoute).length).toBe(target.operations.length);
    expect((s.byStatus[200] ?? 0) + (s.byStatus[201] ?? 0)).toBeGreaterThan(N / 20);
    expect(s.byStatus[422] ?? 0).toBeGreaterThan(N / 20);
  }, 120_000);
});
