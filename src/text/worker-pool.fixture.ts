/** A worker for worker-pool.test.ts: echoes, spins forever, throws, or exits, as each job asks. */
import { serveJobs } from './worker-pool.ts';

export type FixtureJob = { echo: string } | { spin: true } | { throw: string } | { exit: number };

serveJobs<FixtureJob, string>((job) => {
  if ('echo' in job) return job.echo;
  if ('throw' in job) throw new Error(job.throw);
  if ('exit' in job) process.exit(job.exit);
  for (;;); // a runaway synchronous job: only terminating the worker stops it
});
