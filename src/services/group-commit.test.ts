import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.ts';

describe('group commit', () => {
  it('writes an idle caller at once, and callers that arrive while busy together', async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const write = groupCommit(
      async (inputs: number[]) => {
        calls.push(inputs);
        if (calls.length === 1) await gate;
        return inputs.map((n) => n * 10);
      },
      { maxInFlight: 1, maxGroup: 100, sizeOf: () => 1 },
    );
    const first = write(1);
    const rest = [write(2), write(3), write(4)];
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps groups within the size limit, a large input going alone', async () => {
    const calls: number[][] = [];
    const write = groupCommit(
      async (inputs: number[]) => {
        calls.push(inputs);
        await new Promise((r) => setTimeout(r, 1));
        return inputs;
      },
      { maxInFlight: 1, maxGroup: 10, sizeOf: (n) => n },
    );
    await Promise.all([write(1), write(6), write(5), write(20), write(3)]);
    for (const group of calls) expect(group.length === 1 || group.reduce((a, b) => a + b, 0) <= 10).toBe(true);
    expect(calls.flat().sort((a, b) => a - b)).toEqual([1, 3, 5, 6, 20]);
  });

  it('fails every caller of a failed group, and goes on serving the next ones', async () => {
    let fail = true;
    const write = groupCommit(
      async (inputs: number[]) => {
        if (fail) throw new Error('database down');
        return inputs;
      },
      { maxInFlight: 2, maxGroup: 10, sizeOf: () => 1 },
    );
    await expect(write(1)).rejects.toThrow('database down');
    fail = false;
    expect(await write(2)).toBe(2);
  });
});
