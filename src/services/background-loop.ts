/**
 * Runs `step` until it reports no work (returns 0), with a turn of the event loop between steps so
 * an API process keeps answering, then again every `intervalMs`. The returned function stops the
 * loop and waits for the step under way. Errors are reported and the loop goes on.
 */
export function startBackgroundLoop(step: () => Promise<number>, options: { intervalMs: number; onError: (e: unknown) => void }): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    running = (async () => {
      try {
        while (!stopped && (await step()) > 0) await new Promise((r) => setImmediate(r));
      } catch (e) {
        options.onError(e);
      }
      if (!stopped) timer = setTimeout(tick, options.intervalMs);
    })();
  };
  tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
