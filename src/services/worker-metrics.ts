import { Counter, Registry } from 'prom-client';

/**
 * Outcomes of the jobs this process ran (webhook deliveries, e-mails), by kind: `done`, `retry`
 * or `parked`. In-process counters: Prometheus sums them over the processes it scrapes.
 */
export const workerRegistry = new Registry();

export const jobOutcomes = new Counter({
  name: 'minhbach_job_runs_total',
  help: 'Jobs run by this process, by kind (webhook, email, …) and outcome (done, retry, parked)',
  labelNames: ['kind', 'outcome'] as const,
  registers: [workerRegistry],
});
