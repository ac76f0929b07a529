import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../src/http/app.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { NoteSigner } from '../src/core/tlog/note.ts';
import { integrateLog } from '../src/services/log.service.ts';
import { registerLogKey } from '../src/services/log-key.service.ts';
import { openTestDb } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  /** Moves the server's clock, for deadlines, without sleeping. */
  advance(ms: number): void;
  /** The transparency log's signing key (made up for the test database). */
  logSigner: NoteSigner;
  /** Runs the log integrator until nothing waits, as the server's background loop would. */
  integrate(): Promise<number>;
  close(): Promise<void>;
}

export async function openTestApp(options: Omit<AppOptions, 'logLevel'> = {}): Promise<TestApp> {
  const { db, close } = await openTestDb();
  let offset = 0;
  const ctx: ServiceContext = { db, now: () => new Date(Date.now() + offset) };
  const app = await buildApp(ctx, { logLevel: options.logStream ? 'info' : 'silent', ...options });
  const logSigner = NoteSigner.generate('test.minhbach.localhost/log');
  await registerLogKey(db, logSigner);
  await integrateLog(ctx, logSigner);
  return {
    app,
    ctx,
    logSigner,
    async integrate() {
      let total = 0;
      for (let n; (n = await integrateLog(ctx, logSigner)) > 0;) total += n;
      return total;
    },
    advance(ms) {
      offset += ms;
    },
    async close() {
      await app.close();
      await close();
    },
  };
}
