import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { openDatabase } from './db/open.ts';
import { buildApp } from './http/app.ts';
import { loadDemo } from './services/demo.service.ts';
import { startLinker } from './services/linker.service.ts';
import { checkMatchScheme, MatchSchemeChangedError } from './services/match-scheme.service.ts';
import { integrateLog, LOG_INTERVAL_MS, startLogIntegrator } from './services/log.service.ts';
import { LogKeyError, loadLogSigner, registerLogKey } from './services/log-key.service.ts';
import type { NoteSigner } from './core/tlog/note.ts';

/** `npm start [-- --demo]`: the API server on the configured database. */
async function main() {
  const config = loadConfig();
  const database = await openDatabase(config.database, { poolSize: config.poolSize });
  let logSigner: NoteSigner;
  try {
    await checkMatchScheme(database.db);
    logSigner = loadLogSigner(config.log);
    await registerLogKey(database.db, logSigner);
  } catch (e) {
    await database.close();
    throw e;
  }
  const ctx = { db: database.db, now: () => new Date() };
  if (process.argv.includes('--demo')) {
    const demo = await loadDemo(ctx);
    console.log(JSON.stringify({ demo: demo.loaded ? 'loaded' : 'already present', organizations: demo.organizations }));
  }
  // On the embedded database no other process can open the data, so the CLI asks this server
  // instead, with a token only the data directory's owner can read.
  const operatorToken = config.operatorToken ?? (database.lock ? randomBytes(32).toString('base64url') : undefined);
  const app = await buildApp(ctx, { logLevel: config.logLevel, operatorToken });
  const url = await app.listen({ host: config.host, port: config.port });
  const stopLinker = config.linker
    ? startLinker(ctx, { intervalMs: 250, onError: (e) => app.log.error({ err: e }, 'linking texts failed') })
    : async () => {};
  // The first integration also signs the empty log's checkpoint, so /log/checkpoint always answers.
  if (!config.log.integrator) await integrateLog(ctx, logSigner);
  const stopLog = config.log.integrator
    ? startLogIntegrator(ctx, logSigner, { intervalMs: LOG_INTERVAL_MS, onError: (e) => app.log.error({ err: e }, 'integrating the transparency log failed') })
    : async () => {};
  database.lock?.update({ url, operator_token: operatorToken });
  const where = config.database.driver === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL';
  app.log.info(`minhbach listening on ${url} (${where}); API description at ${url}/api/openapi.json`);
  app.log.info(`transparency log ${logSigner.name} at ${url}/log/checkpoint, verifier key ${logSigner.verifierKeyString()}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await Promise.all([stopLinker(), stopLog()]);
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof MatchSchemeChangedError || e instanceof LogKeyError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
