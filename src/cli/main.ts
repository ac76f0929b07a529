import { parseArgs } from 'node:util';
import { ConfigError, databaseConfigFromEnv, loadConfig } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { ORG_KINDS, PLATFORMS } from '../core/organization.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { openDatabase } from '../db/open.ts';
import { canonCommand } from './canon.command.ts';
import { progressBar } from './progress.ts';
import { startLinker } from '../services/linker.service.ts';
import { checkMatchScheme, MatchSchemeChangedError, reindexTexts } from '../services/match-scheme.service.ts';
import { extractCommand } from './extract.command.ts';
import { importCommand } from './import.command.ts';
import { matchCommand } from './match.command.ts';
import { operatorEndpoint, postToServer } from './forward.ts';
import type { ServiceContext } from '../services/context.ts';
import { loadDemo } from '../services/demo.service.ts';
import { LOG_INTERVAL_MS, startLogIntegrator } from '../services/log.service.ts';
import { LogKeyError, loadLogSigner, registerLogKey } from '../services/log-key.service.ts';
import { createOrganization } from '../services/organization.service.ts';
import { withdrawPublicRecord } from '../services/withdrawal.service.ts';

const USAGE = `minhbach — operator commands (same database settings as the server: DATABASE_URL or MINHBACH_DATA_DIR)

  org create --kind <${ORG_KINDS.join('|')}> --name "<name>" [--platform <${PLATFORMS.join('|')}>]
      Creates an organization and prints {"org_id": "...", "api_key": "..."}. The key is shown once.
  canon <url>... (or URLs on standard input, one per line)
      Prints each URL's platform, kind, id, canonical URL and content key as a JSON line.
  extract <file|->
      Prints the title and main text of a saved page (HTML or pasted text) as {"title", "text"}.
  match --text <file|-> | --url <url> | --html <file|->
      Prints the cases that already hold this content, one JSON line each, best first.
  import <file.jsonl|file.csv> --org <org_id>
      Loads notices (JSON lines of NoticeInput, or CSV: url,text,category,explanation,...) as that
      organization, with a progress bar; rejected lines are printed with their line numbers.
  worker
      The background work beside API servers run with MINHBACH_LINKER=off and MINHBACH_LOG_INTEGRATOR=off:
      fingerprints and links reported texts, and integrates public records into the transparency log.
  withdraw <public-record-id> --reason "<why>" [--legal-basis "<court order, provision>"]
      Deletes a public record's body; a published withdrawal record says why; both stay in the log.
  log-key
      Prints the transparency log's verifier key (creating the signing key on first use).
  verify --log <log-url> --key <vkey|@file> [--record <id>|--entry-file <file>] [--state <file>] [--no-full-audit]
      Checks a transparency log from outside (no database): checkpoint signature, root from the tiles,
      a record's inclusion, and with --state that the log only grew since the last run (verify --help).
  reindex
      Rebuilds every text fingerprint under this version's matching scheme (needed after it changes).
  demo
      Loads a small demo (ministry departments, a fact-checker, a rights holder, Facebook, YouTube, cases).
  migrate
      Brings the database schema up to date (the server does this at start too).
`;

async function withDb<T>(fn: (ctx: ServiceContext) => Promise<T>, options: { checkScheme?: boolean } = {}): Promise<T> {
  const database = await openDatabase(databaseConfigFromEnv(), { poolSize: 2 });
  try {
    if (options.checkScheme !== false) await checkMatchScheme(database.db);
    return await fn({ db: database.db, now: () => new Date() });
  } finally {
    await database.close();
  }
}

/**
 * An operator action: on the database directly, or, when a running server holds the embedded
 * database, through that server's operator route. Prints the result as one JSON line.
 */
async function operatorCommand(local: (ctx: ServiceContext) => Promise<unknown>, route: string, body: unknown): Promise<number> {
  try {
    console.log(JSON.stringify(await withDb(local)));
    return 0;
  } catch (e) {
    const endpoint = e instanceof DataDirLockedError ? operatorEndpoint(e.holder) : null;
    if (!endpoint) throw e;
    const res = await postToServer(endpoint, route, body);
    if (res.status !== 201) {
      console.error(JSON.stringify({ error: res.json.code, message: res.json.detail, ...(res.json.errors ? { errors: res.json.errors } : {}) }));
      return 1;
    }
    console.log(JSON.stringify(res.json));
    return 0;
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === 'org' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { kind: { type: 'string' }, name: { type: 'string' }, platform: { type: 'string' } }, strict: true });
    const input = { kind: values.kind ?? '', name: values.name ?? '', platform: values.platform };
    return operatorCommand((ctx) => createOrganization(ctx, input), '/api/v1/admin/organizations', input);
  }
  if (command === 'withdraw') {
    const { values, positionals } = parseArgs({ args: argv.slice(1), options: { reason: { type: 'string' }, 'legal-basis': { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) {
      console.error('usage: withdraw <public-record-id> --reason "<why>" [--legal-basis "<…>"]');
      return 64;
    }
    const id = positionals[0]!;
    const input = { reason: values.reason ?? '', ...(values['legal-basis'] ? { legal_basis: values['legal-basis'] } : {}) };
    return operatorCommand((ctx) => withdrawPublicRecord(ctx, id, input), `/api/v1/admin/public-records/${encodeURIComponent(id)}/withdrawal`, input);
  }
  if (command === 'canon') {
    return canonCommand(argv.slice(1), (line) => console.log(line));
  }
  if (command === 'extract') {
    return extractCommand(argv.slice(1), (line) => console.log(line));
  }
  if (command === 'match') {
    return matchCommand(argv.slice(1), withDb, (line) => console.log(line));
  }
  if (command === 'verify') {
    // Needs no database: only the log library and the network (src/verifier).
    const { verifyCommand } = await import('./verify.command.ts');
    return verifyCommand(argv.slice(1), { out: (line) => console.log(line), err: (line) => console.error(line) });
  }
  if (command === 'import') {
    return importCommand(argv.slice(1), withDb, (line) => console.log(line));
  }
  if (command === 'reindex') {
    const done = await withDb(
      async (ctx) => {
        const bar = progressBar('reindex', 1);
        const n = await reindexTexts(ctx, (d, total) => bar.update(d / Math.max(total, 1), d));
        bar.finish(n);
        return n;
      },
      { checkScheme: false },
    );
    console.log(JSON.stringify({ reindexed: done }));
    return 0;
  }
  if (command === 'worker') {
    // Runs until interrupted: the background work of a PostgreSQL deployment (MINHBACH_LINKER=off on the API).
    const signer = loadLogSigner(loadConfig().log);
    await withDb(async (ctx) => {
      await registerLogKey(ctx.db, signer);
      const stopLinker = startLinker(ctx, { intervalMs: 250, batchSize: 200, onError: (e) => console.error('linking texts failed:', e) });
      const stopLog = startLogIntegrator(ctx, signer, { intervalMs: LOG_INTERVAL_MS, onError: (e) => console.error('integrating the log failed:', e) });
      console.error('minhbach worker: linking texts and integrating the transparency log; Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await Promise.all([stopLinker(), stopLog()]);
    });
    return 0;
  }
  if (command === 'log-key') {
    const signer = loadLogSigner(loadConfig().log);
    await withDb((ctx) => registerLogKey(ctx.db, signer));
    console.log(signer.verifierKeyString());
    return 0;
  }
  if (command === 'demo') {
    console.log(JSON.stringify(await withDb(loadDemo)));
    return 0;
  }
  if (command === 'migrate') {
    await withDb(async () => undefined);
    console.log(JSON.stringify({ migrated: true }));
    return 0;
  }
  process.stderr.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 64;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof AppError) {
      console.error(JSON.stringify({ error: e.code, message: e.message, ...(e.fields.length ? { errors: e.fields } : {}), ...e.extra }));
      process.exit(1);
    }
    if (e instanceof ConfigError || e instanceof DataDirLockedError || e instanceof MatchSchemeChangedError || e instanceof LogKeyError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error((e as Error).message);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
