/**
 * Group commit: callers that arrive while the database is busy are written together, in one
 * statement and one commit, when a slot frees up. An idle system adds no delay (the first caller
 * goes at once); a loaded one does fewer, larger writes instead of queueing on connections and
 * WAL flushes. `run` gets every waiting input and must answer them in order.
 */
export function groupCommit<I, O>(run: (inputs: I[]) => Promise<O[]>, options: { maxInFlight: number; maxGroup: number; sizeOf: (input: I) => number }): (input: I) => Promise<O> {
  const waiting: { input: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;

  const flush = (): void => {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      let size = 0;
      let n = 0;
      while (n < waiting.length && (n === 0 || size + options.sizeOf(waiting[n]!.input) <= options.maxGroup)) {
        size += options.sizeOf(waiting[n]!.input);
        n++;
      }
      const group = waiting.splice(0, n);
      inFlight++;
      run(group.map((g) => g.input))
        .then(
          (outputs) => group.forEach((g, i) => g.resolve(outputs[i]!)),
          (e: unknown) => group.forEach((g) => g.reject(e)),
        )
        .finally(() => {
          inFlight--;
          flush();
        });
    }
  };

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      flush();
    });
}
