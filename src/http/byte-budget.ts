/**
 * How many request-body bytes one caller may send per window. Counting requests alone lets a key
 * send a megabyte of hostile HTML or URLs a hundred times a second within its request limit, and
 * every byte costs the event loop (JSON parsing, validation, the linear pre-scans) before any
 * answer; a budget in bytes makes that cost the caller's. Fixed windows, in memory, per process,
 * like the request limits beside it.
 */
export class ByteBudget {
  readonly #windows = new Map<string, { start: number; bytes: number }>();

  constructor(
    readonly bytesPerWindow: number,
    readonly windowMs: number,
    /** Callers remembered at most; past it, windows that have ended are dropped, then the oldest. */
    readonly maxCallers = 10_000,
  ) {}

  /**
   * Charges `bytes` to `caller` at `now` (ms). Returns 0 when within budget, or the seconds until
   * the caller's window ends when this request would go over it (and then charges nothing).
   */
  charge(caller: string, bytes: number, now: number): number {
    let w = this.#windows.get(caller);
    if (!w || now - w.start >= this.windowMs || now < w.start) {
      if (!w) this.#makeRoom(now);
      w = { start: now, bytes: 0 };
      this.#windows.set(caller, w);
    }
    if (w.bytes + bytes > this.bytesPerWindow) return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    w.bytes += bytes;
    return 0;
  }

  #makeRoom(now: number): void {
    if (this.#windows.size < this.maxCallers) return;
    for (const [k, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(k);
    // Still full of live windows: forget the oldest (Map keeps insertion order).
    while (this.#windows.size >= this.maxCallers) this.#windows.delete(this.#windows.keys().next().value!);
  }
}
