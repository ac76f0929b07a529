/**
 * The log integrator as production runs it: its own process (API processes append, one worker
 * integrates), the real startLogIntegrator loop with LOG_INTERVAL_MS, its own connection pool.
 * Started by run.ts with BENCH_LOG_URL, BENCH_LOG_SCHEMA, BENCH_LOG_SIGNER (signer key string);
 * PGAPPNAME names its PostgreSQL backends for the CPU accounting; answers "ready" on IPC, stops on "stop" (reporting errors and CPU) and exits.
 */
import { parseSignerKey } from '../../src/core/tlog/note.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { LOG_INTERVAL_MS, startLogIntegrator } from '../../src/services/log.service.ts';

const url = process.env.BENCH_LOG_URL!;
const schema = process.env.BENCH_LOG_SCHEMA!;
const signer = parseSignerKey(process.env.BENCH_LOG_SIGNER!);
const db = openPostgres(url, { max: 2, searchPath: schema });
const ctx = { db, now: () => new Date() };
const errors: string[] = [];
const send = (m: unknown) => process.send!(m);

const stop = startLogIntegrator(ctx, signer, { intervalMs: LOG_INTERVAL_MS, onError: (e) => errors.push(String((e as Error).stack ?? e)) });
send({ type: 'ready', pid: process.pid });

// An async listener's rejection would be unhandled; a failed stop is reported and the child exits 1.
process.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  stopAndExit().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
});

async function stopAndExit(): Promise<void> {
  await stop();
  await db.close();
  const cpu = process.cpuUsage();
  send({ type: 'stopped', errors, cpu_ms: (cpu.user + cpu.system) / 1000 });
  process.disconnect();
  // Let --cpu-prof write its profile on a normal exit.
  setTimeout(() => process.exit(0), 50);
}
