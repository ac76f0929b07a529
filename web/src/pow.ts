import { POW_BATCH, challengeBits, tryBatch } from './pow-solve.ts';

/**
 * Solves a report challenge: in a Web Worker when the browser has one, otherwise on the page in
 * batches that yield to the browser between them, so the page keeps answering either way.
 */
export function solveChallenge(challenge: string): Promise<string> {
  if (typeof Worker === 'function') {
    try {
      const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
      return new Promise<string>((resolve, reject) => {
        worker.onmessage = (e: MessageEvent<{ solution: string }>) => {
          worker.terminate();
          resolve(e.data.solution);
        };
        worker.onerror = () => {
          worker.terminate();
          // A worker the browser would not start (a policy, an old engine): solve here instead.
          solveHere(challenge).then(resolve, reject);
        };
        worker.postMessage({ challenge });
      });
    } catch {
      /* fall through */
    }
  }
  return solveHere(challenge);
}

async function solveHere(challenge: string): Promise<string> {
  const bits = challengeBits(challenge);
  for (let from = 0; ; from += POW_BATCH) {
    const solution = await tryBatch(challenge, bits, from);
    if (solution !== null) return solution;
    await new Promise((r) => setTimeout(r, 0));
  }
}
