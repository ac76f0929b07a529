import type { Config } from '../config.ts';
import type { JobHandler } from './job-handler.ts';
import type { PeriodicTask } from './worker.service.ts';

/**
 * What the worker runs, the same in the server (on the embedded database) and in `minhbach
 * worker`: one handler per kind of side effect, and the timed tasks that write events of their own.
 */
export function workerSetup(_config: Config): { handlers: JobHandler[]; tasks: PeriodicTask[] } {
  return { handlers: [], tasks: [] };
}
