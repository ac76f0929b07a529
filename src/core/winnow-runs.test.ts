import { describe, expect, it } from 'vitest';
import { sharedRuns } from './winnow-runs.ts';

describe('sharedRuns', () => {
  it('counts shared shingles, and those in runs of at least minRun in both orders', () => {
    const candidate = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // A run 3..8 (6 long) and two scattered ones (1, 10) in another order.
    const query = [100, 10, 101, 3, 4, 5, 6, 7, 8, 102, 1];
    expect(sharedRuns(query, candidate, 4)).toEqual({ shared: 8, inRuns: 6, longest: 6 });
    expect(sharedRuns(query, candidate, 7)).toEqual({ shared: 8, inRuns: 0, longest: 6 });
  });

  it('tolerates one candidate shingle skipped (listed earlier because the text repeats it)', () => {
    expect(sharedRuns([1, 2, 4, 5], [1, 2, 3, 4, 5], 4).inRuns).toBe(4);
    expect(sharedRuns([1, 2, 5, 6], [1, 2, 3, 4, 5, 6], 4).inRuns).toBe(0);
  });

  it('is empty on empty input and ignores repeats in the query', () => {
    expect(sharedRuns([], [1, 2], 2)).toEqual({ shared: 0, inRuns: 0, longest: 0 });
    expect(sharedRuns([1, 2, 1, 2], [1, 2], 2)).toEqual({ shared: 2, inRuns: 2, longest: 2 });
  });
});
