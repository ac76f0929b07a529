import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.ts';

describe('ByteBudget', () => {
  it('lets a caller send its budget per window, refuses the rest with the seconds left, then starts afresh', () => {
    const b = new ByteBudget(1000, 60_000);
    expect(b.charge('k', 600, 0)).toBe(0);
    expect(b.charge('k', 400, 1_000)).toBe(0);
    // Over budget: refused with the time to the end of the window, and nothing is charged.
    expect(b.charge('k', 1, 30_000)).toBe(30);
    expect(b.charge('other', 1000, 30_000)).toBe(0);
    expect(b.charge('k', 1000, 60_000)).toBe(0);
  });

  it('remembers a bounded number of callers, dropping ended windows first', () => {
    const b = new ByteBudget(10, 1_000, 2);
    b.charge('a', 10, 0);
    b.charge('b', 10, 500);
    // 'a' has ended by 1,200: making room for 'c' drops it, and keeps 'b' over its budget.
    expect(b.charge('c', 10, 1_200)).toBe(0);
    expect(b.charge('b', 1, 1_200)).toBe(1);
    // All live: the oldest ('b') goes; a forgotten caller starts a new window.
    expect(b.charge('d', 10, 1_300)).toBe(0);
    expect(b.charge('b', 10, 1_300)).toBe(0);
  });
});
