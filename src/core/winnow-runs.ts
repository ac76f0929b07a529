/**
 * How much of two texts is the SAME passage, not just the same words. Shingles (syllable pairs)
 * are stored in the order the text first uses them (text-fingerprint.ts), so a passage two texts
 * share appears as a run of shingles that follow each other in both. Two paragraphs on the same
 * topic share scattered pairs ("bộ y tế", "virus corona"), in runs of two or three; a quoted or cut
 * repost shares runs as long as its sentences. Counting only shingles in runs of at least
 * `minRun` separates the two (bench/match-quality measures it on same-site hard negatives).
 */

export interface SharedRuns {
  /** Shingles in both sets. */
  shared: number;
  /** Of those, the ones inside a run of at least `minRun` consecutive shingles in both texts. */
  inRuns: number;
  /** The longest such run. */
  longest: number;
}

/**
 * `query` and `candidate` are shingle lists in first-use order (duplicates, if any, ignored).
 * A run continues while the next query shingle is the candidate's next or next-but-one shingle:
 * the one-step tolerance absorbs a shingle that one text repeats earlier and so lists elsewhere.
 */
export function sharedRuns(query: readonly number[], candidate: readonly number[], minRun: number): SharedRuns {
  const at = new Map<number, number>();
  for (let j = 0; j < candidate.length; j++) if (!at.has(candidate[j]!)) at.set(candidate[j]!, j);
  const seen = new Set<number>();
  let shared = 0;
  let inRuns = 0;
  let longest = 0;
  let run = 0;
  let prev = -2;
  const close = (): void => {
    if (run >= minRun) inRuns += run;
    if (run > longest) longest = run;
    run = 0;
  };
  for (const x of query) {
    if (seen.has(x)) continue;
    seen.add(x);
    const j = at.get(x);
    if (j === undefined) {
      close();
      prev = -2;
      continue;
    }
    shared++;
    if (run > 0 && (j === prev + 1 || j === prev + 2)) run++;
    else {
      close();
      run = 1;
    }
    prev = j;
  }
  close();
  return { shared, inRuns, longest };
}
