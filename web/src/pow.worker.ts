import { POW_BATCH, challengeBits, tryBatch } from './pow-solve.ts';

/**
 * Solves a report challenge off the page's thread, so typing, scrolling and screen readers stay
 * responsive while it works (about a second): one message in (the challenge), one out (the solution).
 */
self.onmessage = async (e: MessageEvent<{ challenge: string }>) => {
  const { challenge } = e.data;
  const bits = challengeBits(challenge);
  for (let from = 0; ; from += POW_BATCH) {
    const solution = await tryBatch(challenge, bits, from);
    if (solution !== null) {
      self.postMessage({ solution });
      return;
    }
  }
};
