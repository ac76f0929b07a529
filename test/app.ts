import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/http/app.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { openTestDb } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  ctx: ServiceContext;
  /** Moves the server's clock, for deadlines, without sleeping. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function openTestApp(): Promise<TestApp> {
  const { db, close } = await openTestDb();
  let offset = 0;
  const ctx: ServiceContext = { db, now: () => new Date(Date.now() + offset) };
  const app = await buildApp(ctx, { logLevel: 'silent' });
  return {
    app,
    ctx,
    advance(ms) {
      offset += ms;
    },
    async close() {
      await app.close();
      await close();
    },
  };
}
