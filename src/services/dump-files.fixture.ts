/** An encoder for dump-files.test.ts that dies at the first page, as a worker out of memory would. */
import { serveJobs } from '../text/worker-pool.ts';
import type { DumpEncoderJob, DumpEncoderReply } from './dump-files.worker.ts';

serveJobs<DumpEncoderJob, DumpEncoderReply>((job) => {
  if (job.op === 'page') process.exit(1);
  return null;
});
