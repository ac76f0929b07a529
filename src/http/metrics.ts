import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';
import { checkReady, readOperations, type OperationsSnapshot } from '../services/metrics.service.ts';
import { workerRegistry } from '../services/worker-metrics.ts';
import type { HttpDeps } from './deps.ts';
import { AppError } from '../core/errors.ts';
import { problems } from './schema.ts';

/**
 * Prometheus metrics at /metrics (operator token, like every operator route) and readiness at
 * /readyz, apart from liveness (/healthz). Request latency is measured here per route pattern
 * (never the raw URL: ids would make a series per case). The system's state — outbox, jobs,
 * cases, the log — is read from the database once per scrape.
 */
export function registerMetrics(app: FastifyInstance, { ctx }: HttpDeps): void {
  const registry = new Registry();
  const latency = new Histogram({
    name: 'minhbach_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    // Unmatched URLs share one series: a scanner must not grow the registry.
    const route = req.routeOptions.url ?? 'unmatched';
    latency.observe({ method: req.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });

  // One snapshot per scrape, shared by every gauge's collect().
  let snapshot: Promise<OperationsSnapshot> | null = null;
  const read = () => (snapshot ??= readOperations(ctx));
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, s: OperationsSnapshot) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        fill(this, await read());
      },
    });
  const ageOf = (at: Date | null) => (at ? Math.max(0, (ctx.now().getTime() - new Date(at).getTime()) / 1000) : 0);
  gauge('minhbach_outbox_depth', 'Events not yet turned into jobs', [], (g, s) => g.set(s.outbox_undispatched));
  gauge('minhbach_outbox_lag_seconds', 'Age of the oldest event not yet turned into jobs', [], (g, s) => g.set(ageOf(s.outbox_oldest_at)));
  gauge('minhbach_jobs', 'Jobs waiting (pending) or given up (parked), by kind', ['kind', 'status'], (g, s) => {
    for (const j of s.jobs) g.set({ kind: j.kind, status: j.status }, j.n);
  });
  gauge('minhbach_cases_open', 'Cases waiting for an answer, by platform', ['platform'], (g, s) => {
    for (const c of s.cases) g.set({ platform: c.platform }, c.open);
  });
  gauge('minhbach_cases_overdue', 'Cases past their deadline while an answer is owed, by platform', ['platform'], (g, s) => {
    for (const c of s.cases) g.set({ platform: c.platform }, c.overdue);
  });
  gauge('minhbach_log_pending', 'Public records waiting to enter the transparency log', [], (g, s) => g.set(s.log_pending));
  gauge('minhbach_log_lag_seconds', 'Age of the oldest public record not yet in the transparency log', [], (g, s) => g.set(ageOf(s.log_oldest_at)));

  const all = Registry.merge([registry, workerRegistry]);
  app.get(
    '/metrics',
    { config: { allow: 'operator' }, schema: { summary: 'Prometheus metrics (operator token)', tags: ['ops'], security: [{ operator: [] }], response: { ...problems(401) } } },
    async (_req, reply) => {
      snapshot = null;
      let text: string;
      try {
        text = await all.metrics();
      } finally {
        snapshot = null;
      }
      return reply.type(all.contentType).send(text);
    },
  );

  app.get(
    '/readyz',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Readiness: this process can serve (its database answers)',
        tags: ['ops'],
        response: { 200: Type.Object({ status: Type.Literal('ready') }), ...problems(503) },
      },
    },
    async () => {
      try {
        await checkReady(ctx);
      } catch (e) {
        throw new AppError('unavailable', 'The database does not answer', { cause: e });
      }
      return { status: 'ready' as const };
    },
  );
}
