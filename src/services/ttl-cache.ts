/**
 * One value computed at most once per `ttlMs`, however many callers ask at once: concurrent misses
 * share the one computation in flight (a burst of requests for an expensive aggregate costs one
 * query, not one each). A failed computation is not kept. Time comes from the caller's clock, so
 * tests move it instead of sleeping.
 */
export function ttlCache<T>(ttlMs: number, compute: () => Promise<T>): (now: Date) => Promise<T> {
  let value: { at: number; promise: Promise<T> } | null = null;
  return (now) => {
    const t = now.getTime();
    if (value && t - value.at < ttlMs && t >= value.at) return value.promise;
    const entry = { at: t, promise: compute() };
    value = entry;
    entry.promise.catch(() => {
      if (value === entry) value = null;
    });
    return entry.promise;
  };
}
