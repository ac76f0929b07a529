/**
 * Loader worker: generates posts [start, end), fingerprints them with the real fingerprintText and
 * returns COPY text-format lines for text_fingerprints (and, when asked, for the pg_trgm table).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fingerprintText } from '../../src/core/text-fingerprint.ts';
import { buildChain, generatePost } from './corpus.ts';
import { caseOf, fpId, NOTICE_ID } from './ids.ts';

const { seed, stride, sources } = workerData as { seed: number; stride: number; sources: number };
const chain = buildChain();

const esc = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

parentPort!.on('message', (task: { start: number; end: number; withText: boolean }) => {
  const fp: string[] = [];
  const txt: string[] = [];
  let fpMs = 0;
  for (let i = task.start; i < task.end; i++) {
    const text = generatePost(chain, seed, i);
    const t0 = performance.now();
    const f = fingerprintText(text)!;
    fpMs += performance.now() - t0;
    fp.push(
      `${fpId(i)}\t${caseOf(i, stride, sources)}\t${NOTICE_ID}\t${f.normalized_hash}\t${f.stripped_hash}\t{${f.shingles.join(',')}}\t{${f.band_keys.join(',')}}\t{${f.winnow_keys.join(',')}}\n`,
    );
    if (task.withText) txt.push(`${i}\t${esc(text)}\n`);
  }
  parentPort!.postMessage({ start: task.start, end: task.end, fp: fp.join(''), txt: task.withText ? txt.join('') : '', fpMs });
});
