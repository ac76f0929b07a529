/**
 * The image hashing worker (started by image-hash.ts): decodes and hashes one image at a time,
 * off the thread that answers requests. The pool terminates it when an image takes longer than
 * its budget.
 */
import { serveJobs } from '../text/worker-pool.ts';
import { runHashJob, type HashJob, type HashJobResult } from './image-hash-job.ts';

serveJobs<HashJob, HashJobResult>(runHashJob);
