/** Small statistics and GC helpers shared by run.ts and proof-child.ts. */
import { PerformanceObserver } from 'node:perf_hooks';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const r1 = (x: number) => Math.round(x * 10) / 10;
export const r3 = (x: number) => Math.round(x * 1000) / 1000;
export const fmt = (x: number) => Math.round(x).toLocaleString('en');

export function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Dist {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function dist(xs: number[]): Dist {
  const s = xs.slice().sort((a, b) => a - b);
  return {
    n: s.length,
    mean: r3(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
    p50: r3(pct(s, 50)),
    p90: r3(pct(s, 90)),
    p99: r3(pct(s, 99)),
    max: r3(s[s.length - 1] ?? NaN),
  };
}

/**
 * Garbage collections of this process during a timed loop, and how many of the slowest 1% of the
 * timed calls overlapped one.
 */
export class GcWatch {
  #gcs: { start: number; dur: number }[] = [];
  #obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.#gcs.push({ start: e.startTime, dur: e.duration });
  });
  constructor() {
    this.#obs.observe({ entryTypes: ['gc'] });
  }
  async report(calls: { t: number; d: number }[]): Promise<Record<string, number>> {
    await sleep(50); // let the observer deliver
    this.#obs.disconnect();
    const from = calls[0]?.t ?? 0;
    const gcs = this.#gcs.filter((g) => g.start >= from);
    const sorted = calls.map((c) => c.d).sort((a, b) => a - b);
    const cut = pct(sorted, 99);
    const slow = calls.filter((c) => c.d > cut || (c.d === cut && cut === sorted[sorted.length - 1]));
    const total = gcs.reduce((a, g) => a + g.dur, 0);
    const overlapped = slow.filter((c) => gcs.some((g) => g.start < c.t + c.d && g.start + g.dur > c.t)).length;
    return {
      gcs: gcs.length,
      gc_ms_total: r1(total),
      gc_ms_per_call: r3(total / Math.max(1, calls.length)),
      gc_ms_max: r3(Math.max(0, ...gcs.map((g) => g.dur))),
      slowest_1pct_calls: slow.length,
      slowest_1pct_overlapping_a_gc: overlapped,
    };
  }
}
