import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { UnsafePermissionsError } from './db/data-dir-permissions.ts';
import { openDatabase } from './db/open.ts';
import { buildApp } from './http/app.ts';
import { openImageStore } from './images/image-store-open.ts';
import { loadDemo } from './services/demo.service.ts';
import { startLinker } from './services/linker.service.ts';
import { startImageLinker } from './services/image-linker.service.ts';
import { releaseLeasesOfDeadWorkers, startWorker, WORKER_INTERVAL_MS } from './services/worker.service.ts';
import { workerSetup } from './services/worker-setup.ts';
import { configureExtraction, warmExtraction } from './text/extract-pool.ts';
import { warmImageHashing } from './images/image-hash.ts';
import { checkMatchScheme, MatchSchemeChangedError } from './services/match-scheme.service.ts';
import { integrateLog, LOG_INTERVAL_MS, startLogIntegrator } from './services/log.service.ts';
import { LogKeyError, loadLogSigner, registerLogKey } from './services/log-key.service.ts';
import type { NoteSigner } from './core/tlog/note.ts';
import { AppError } from './core/errors.ts';
import type { ServiceContext } from './services/context.ts';

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
  // Pages are parsed in worker threads; one is loaded now so the first page does not wait for it.
  await configureExtraction({ budgetMs: config.extractBudgetMs });
  warmExtraction();
  // The image workers load sharp and tsx (about a second): started now, so the first picture does not wait.
  if (config.images) warmImageHashing();
  if (process.argv.includes('--demo')) console.log(JSON.stringify(await demoOnStart(ctx)));
  // On the embedded database no other process can open the data, so the CLI asks this server
  // instead, with a token only the data directory's owner can read.
  const operatorToken = config.operatorToken ?? (database.lock ? randomBytes(32).toString('base64url') : undefined);
  const app = await buildApp(ctx, {
    logLevel: config.logLevel,
    operatorToken,
    limits: config.limits,
    trustProxy: config.trustProxy,
    outbound: { allow: config.outboundAllow },
    publicReports: config.publicReports,
    counterNoticeWaitDays: config.counterNoticeWaitDays,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    dumpsDir: config.dumpsDir,
    matchThresholds: config.match,
    imageStore: openImageStore(config.images),
  });
  const url = await app.listen({ host: config.host, port: config.port });
  const stopLinker = config.linker
    ? startLinker(ctx, { intervalMs: 250, thresholds: config.match, onError: (e) => app.log.error({ err: e }, 'linking texts failed') })
    : async () => {};
  // Images are related by the same rules, in a loop of their own (image-linker.service.ts).
  const stopImageLinker = config.linker
    ? startImageLinker(ctx, { intervalMs: 250, thresholds: config.match, onError: (e) => app.log.error({ err: e }, 'linking images failed') })
    : async () => {};
  const work = workerSetup(config);
  if (!config.mail) app.log.info('e-mail disabled: MINHBACH_SMTP_URL is not set (webhooks and the deadline sweep still run)');
  if (config.images === null) app.log.info('images disabled: set MINHBACH_IMAGES_DIR or MINHBACH_IMAGES_S3_ENDPOINT (shared by every API server) to accept them');
  if (config.dumpsDir === null) app.log.info('open data dumps disabled: set MINHBACH_DUMPS_DIR (a directory every API server and worker shares) to make them');
  if (config.worker) await releaseLeasesOfDeadWorkers(ctx);
  const stopWorker = config.worker
    ? startWorker(ctx, work.handlers, {
        leaseMs: config.jobLeaseMs,
        intervalMs: WORKER_INTERVAL_MS,
        periodic: work.tasks,
        onError: (e, where) => app.log.error({ err: e }, `worker: ${where} failed`),
      })
    : async () => {};
  // The first integration also signs the empty log's checkpoint, so /log/checkpoint always answers.
  if (!config.log.integrator) await integrateLog(ctx, logSigner);
  const stopLog = config.log.integrator
    ? startLogIntegrator(ctx, logSigner, { intervalMs: LOG_INTERVAL_MS, onError: (e) => app.log.error({ err: e }, 'integrating the transparency log failed') })
    : async () => {};
  database.lock?.update({ url, operator_token: operatorToken, linker: config.linker, log_integrator: config.log.integrator, worker: config.worker });
  const where = config.database.driver === 'pglite' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL';
  app.log.info(`minhbach listening on ${url} (${where}); API description at ${url}/api/openapi.json`);
  app.log.info(`transparency log ${logSigner.name} at ${url}/log/checkpoint, verifier key ${logSigner.verifierKeyString()}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await Promise.all([stopLinker(), stopImageLinker(), stopLog(), stopWorker()]);
    work.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * `--demo`: loads the demo and prints its keys; on a later start the demo is there already and
 * its keys were shown once, so it says how to make new ones. A database the demo does not fit
 * (another organization answers for its platforms) gets the reason, and the server starts anyway.
 */
async function demoOnStart(ctx: ServiceContext): Promise<Record<string, unknown>> {
  try {
    const demo = await loadDemo(ctx);
    if (demo.loaded) return { demo: 'loaded', organizations: demo.organizations };
    return {
      demo: 'already present',
      organizations: demo.organizations,
      api_keys: 'API keys are shown once, when made. Make a new one for a demo organization with: npm run minhbach -- key create --org <org_id>',
    };
  } catch (e) {
    if (e instanceof AppError) return { demo: 'not loaded', reason: e.message };
    throw e;
  }
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof UnsafePermissionsError || e instanceof MatchSchemeChangedError || e instanceof LogKeyError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
