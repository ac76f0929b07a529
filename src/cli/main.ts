import { parseArgs } from 'node:util';
import { ConfigError, databaseConfigFromEnv, loadConfig } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { ORG_KINDS } from '../core/organization.ts';
import { URL_RULES } from '../core/services.ts';
import { DataDirLockedError, liveHolder, type LockInfo } from '../db/data-dir-lock.ts';
import { UnsafePermissionsError } from '../db/data-dir-permissions.ts';
import { openDatabase } from '../db/open.ts';
import { createApiKey, disableOrganization, listOrganizationKeys, revokeApiKey } from '../services/api-key.service.ts';
import type { ServiceContext } from '../services/context.ts';
import { loadDemo } from '../services/demo.service.ts';
import { startLinker } from '../services/linker.service.ts';
import { startImageLinker } from '../services/image-linker.service.ts';
import { releaseLeasesOfDeadWorkers, startWorker, WORKER_INTERVAL_MS } from '../services/worker.service.ts';
import { workerSetup } from '../services/worker-setup.ts';
import { listParked, outboxStatus, retryParked } from '../services/job.service.ts';
import { LOG_INTERVAL_MS, startLogIntegrator } from '../services/log.service.ts';
import { LogKeyError, loadLogSigner, registerLogKey } from '../services/log-key.service.ts';
import { checkMatchScheme, MatchSchemeChangedError, reindexTexts } from '../services/match-scheme.service.ts';
import { MATCH_SCHEME } from '../core/text-fingerprint.ts';
import { createInvitation } from '../services/invitation.service.ts';
import { createOrganization, organizationActor } from '../services/organization.service.ts';
import { changeService, listRegistry, registerService } from '../services/service-registry.service.ts';
import { withdrawPublicRecord } from '../services/withdrawal.service.ts';
import { correctRecord } from '../services/correction.service.ts';
import { makeDailyDump } from '../services/dump.service.ts';
import { makeOnDemandReport } from '../services/transparency-report.service.ts';
import { configureExtraction, warmExtraction } from '../text/extract-pool.ts';
import { canonCommand } from './canon.command.ts';
import { parseCorrectArgs } from './correct.command.ts';
import { extractCommand } from './extract.command.ts';
import { hashCommand } from './hash.command.ts';
import { hashListCommand } from './hash-list.command.ts';
import { callServer, operatorEndpoint, type OperatorEndpoint } from './forward.ts';
import { databaseImportTarget, importCommand, serverImportTarget, type ImportTarget } from './import.command.ts';
import { matchCommand } from './match.command.ts';
import { progressBar } from './progress.ts';
import { readInput } from './read-input.ts';

const USAGE = `minhbach — operator commands (same database settings as the server: DATABASE_URL or MINHBACH_DATA_DIR;
while a server holds the embedded database, each command goes through that server)

  org create --kind <${ORG_KINDS.join('|')}> --name "<name>" [--service <slug>]...
      Creates an organization and prints {"org_id", "api_key", "services"}. The key is shown once.
      A platform answers for the registry services named (facebook, youtube, tiktok, x, instagram,
      threads, zalo, or a registered website), each answered by nobody yet.
  service list
      Prints the registry of services: hosts, URL rules, who answers for each, contact address.
  service add --name "<name>" --host <host>... [--slug <slug>] [--rules <${URL_RULES.join('|')}>]
              [--org <org_id>] [--contact <e-mail>]
      Registers a service, most often a website (slug: its domain). Cases already filed on its
      hosts move to it. --contact: where requests go while no organization answers for it.
  service set <slug> [--name "<name>"] [--host <host>...] [--org <org_id>|none] [--contact <e-mail>|none]
      Changes a service: --host gives the whole list, --org none leaves it unanswered.
  org disable <org_id>
      Disables an organization: none of its keys works any more (within 10 seconds); its records stay.
  key create --org <org_id> [--name "<what it is for>"]
      Makes another API key for the organization and prints {"key_id": "...", "api_key": "..."}, once.
  key list --org <org_id>
      Prints the organization's keys: key_id, prefix, name, created_at, last_used_at, revoked_at.
  key revoke <key_id>
      Revokes one key (401 within 10 seconds; at once through a running server). Rotate: create, switch, revoke.
  person invite --org <org_id> --email <e-mail> [--role <admin|reviewer|viewer>]
      Invites a person (an organization's first admin: the default role) and prints
      {"id", "accept_url", "expires_at"}: the link is shown once and works once, for 72 hours.
      Links start with MINHBACH_PUBLIC_URL (default http://127.0.0.1:8080).
  canon <url>... (or URLs on standard input, one per line)
      Prints each URL's platform, kind, id, canonical URL and content key as a JSON line.
  extract <file|->
      Prints the title and main text of a saved page (HTML or pasted text) as {"title", "text"}.
  hash <image-file>...
      Prints each image's PDQ perceptual hash as {"file", "pdq", "quality"} (JPEG, PNG, WebP up to
      10 MB; no database). Hashes within Hamming distance 31 are taken for the same picture; a
      quality under 50 means the hash is not worth matching on.
  hash-list import <file|-> --name "<name>" [--format text|csv] [--source "<where it came from>"]
      Imports a PDQ hash list as the operator's (every platform may export it; each entry then
      matches the images of cases): ThreatExchange text lines "<pdq> [CATEGORY] [tag,tag]" or
      the CSV of "threatexchange dataset -P --csv". Prints {"id", "entry_count", …}.
  hash-list export [--list <id>] [--format text|csv] > file
      Writes one list, or without --list minhbach's own signals (the PDQ of images on cases with
      a restricting decision, labelled with its DSA category and ground), in the same formats.
  hash-list list
      Prints every hash list: id, name, owner, format, entry_count.
  match --text <file|-> | --url <url> | --html <file|->
      Prints the cases that already hold this content, one JSON line each, best first.
  import <file.jsonl|file.csv> --org <org_id>
      Loads notices (JSON lines of NoticeInput, or CSV: url,text,category,explanation,...) as that
      organization, with a progress bar; rejected lines are printed with their line numbers.
  worker
      The background work beside API servers run with MINHBACH_LINKER=off, MINHBACH_LOG_INTEGRATOR=off
      and MINHBACH_WORKER=off: fingerprints and links reported texts, integrates public records into the
      transparency log, and carries the outbox's events to webhooks and e-mail (any number may run).
      (A server on the embedded database does this itself; beside it, worker says so and exits.)
  jobs status | jobs parked | jobs retry <job_id>
      The worker's queue: events waiting and how long, jobs pending and parked (failed every attempt:
      webhook deliveries, e-mails); retry puts a parked job back, due now, under the same id.
  withdraw <public-record-id> --reason "<why>" [--legal-basis "<court order, provision>"]
      Deletes a public record's body; a published withdrawal record says why; both stay in the log.
  correct <public-record-id> --reason "<why>" --set <field>=<value> [--set <field>=<value>]...
      Publishes a correction that supersedes the record (its latest version): the whole corrected
      record, what changed and why; both stay in the log. A value is JSON if it looks like JSON.
  transparency-report --from <YYYY-MM-DD> --to <YYYY-MM-DD>
      Makes and publishes a transparency report on [from, to) in Vietnamese time (to: the day after
      the last day; at most a year) and prints it. The worker makes each half-year's by itself.
  log-key
      Prints the transparency log's verifier key (creating the signing key on first use).
  verify --log <log-url> --key <vkey|@file> [--record <id>|--entry-file <file>] [--dump <file>] [--state <file>] [--no-full-audit]
      Checks a transparency log from outside (no database): checkpoint signature, root from the tiles,
      a record's inclusion, a downloaded open data dump (--dump), and with --state that the log only
      grew since the last run (verify --help).
  dump
      Makes today's open data dump now (CSV, JSON lines, Parquet of every logged public record, in
      MINHBACH_DUMPS_DIR, default <MINHBACH_DATA_DIR>/dumps), unless it exists; the worker makes one
      each Vietnamese day by itself. Prints {"made", "dump"}.
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
 * Runs `local` on the database; when a running server holds the embedded database (which no
 * second process may open), runs `remote` against that server's operator routes instead. Every
 * command works either way, with the same output.
 */
async function onDatabaseOrServer<T>(
  local: (ctx: ServiceContext) => Promise<T>,
  remote: (server: OperatorEndpoint, holder: LockInfo) => Promise<T>,
  options: { checkScheme?: boolean } = {},
): Promise<T> {
  try {
    return await withDb(local, options);
  } catch (e) {
    const endpoint = e instanceof DataDirLockedError ? operatorEndpoint(e.holder) : null;
    if (!endpoint) throw e;
    return remote(endpoint, (e as DataDirLockedError).holder);
  }
}

/** The running server holding the embedded database, for a command that must decide before it reads its input. */
function serverHoldingDatabase(): { endpoint: OperatorEndpoint; holder: LockInfo } | null {
  const config = databaseConfigFromEnv();
  if (config.driver !== 'pglite') return null;
  const holder = liveHolder(config.dataDir);
  const endpoint = holder ? operatorEndpoint(holder) : null;
  return holder && endpoint ? { endpoint, holder } : null;
}

const print = (value: unknown) => console.log(JSON.stringify(value));
const path = (...parts: string[]) => parts.map((p, i) => (i % 2 === 1 ? encodeURIComponent(p) : p)).join('');

async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === 'org' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { kind: { type: 'string' }, name: { type: 'string' }, service: { type: 'string', multiple: true } }, strict: true });
    const input = { kind: values.kind ?? '', name: values.name ?? '', ...(values.service ? { services: values.service } : {}) };
    print(
      await onDatabaseOrServer(
        (ctx) => createOrganization(ctx, input),
        (server) => callServer(server, 'POST', '/api/v1/admin/organizations', { body: input }),
      ),
    );
    return 0;
  }
  if (command === 'service') return serviceCommand(sub, rest);
  if (command === 'org' && sub === 'disable') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true });
    if (positionals.length !== 1) return usage('org disable <org_id>');
    const id = positionals[0]!;
    print(
      await onDatabaseOrServer(
        (ctx) => disableOrganization(ctx, id),
        (server) => callServer(server, 'POST', path('/api/v1/admin/organizations/', id, '/disable')),
      ),
    );
    return 0;
  }
  if (command === 'key' && (sub === 'create' || sub === 'list')) {
    const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, ...(sub === 'create' ? { name: { type: 'string' } } : {}) }, strict: true });
    if (!values.org) return usage(sub === 'create' ? 'key create --org <org_id> [--name "<what it is for>"]' : 'key list --org <org_id>');
    const org = values.org;
    if (sub === 'create') {
      const input = (values as { name?: string }).name !== undefined ? { name: (values as { name?: string }).name } : {};
      print(
        await onDatabaseOrServer(
          (ctx) => createApiKey(ctx, org, input),
          (server) => callServer(server, 'POST', path('/api/v1/admin/organizations/', org, '/keys'), { body: input }),
        ),
      );
    } else {
      print(
        await onDatabaseOrServer(
          (ctx) => listOrganizationKeys(ctx, org),
          (server) => callServer(server, 'GET', path('/api/v1/admin/organizations/', org, '/keys')),
        ),
      );
    }
    return 0;
  }
  if (command === 'jobs' && (sub === 'status' || sub === 'parked')) {
    print(
      sub === 'status'
        ? await onDatabaseOrServer(outboxStatus, (server) => callServer(server, 'GET', '/api/v1/admin/outbox'))
        : await onDatabaseOrServer(
            (ctx) => listParked(ctx, { limit: 200 }),
            (server) => callServer(server, 'GET', '/api/v1/admin/jobs/parked?limit=200'),
          ),
    );
    return 0;
  }
  if (command === 'jobs' && sub === 'retry') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true });
    if (positionals.length !== 1) return usage('jobs retry <job_id>');
    const id = positionals[0]!;
    print(
      await onDatabaseOrServer(
        (ctx) => retryParked(ctx, id),
        (server) => callServer(server, 'POST', path('/api/v1/admin/jobs/', id, '/retry')),
      ),
    );
    return 0;
  }
  if (command === 'key' && sub === 'revoke') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true });
    if (positionals.length !== 1) return usage('key revoke <key_id>');
    const id = positionals[0]!;
    print(
      await onDatabaseOrServer(
        (ctx) => revokeApiKey(ctx, id),
        (server) => callServer(server, 'POST', path('/api/v1/admin/keys/', id, '/revocation')),
      ),
    );
    return 0;
  }
  if (command === 'person' && sub === 'invite') {
    const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } }, strict: true });
    if (!values.org || !values.email) return usage('person invite --org <org_id> --email <e-mail> [--role <admin|reviewer|viewer>]');
    const org = values.org;
    const input = { email: values.email, role: values.role ?? 'admin' };
    // Through a running server, the link starts with that server's public URL.
    const publicUrl = process.env.MINHBACH_PUBLIC_URL || 'http://127.0.0.1:8080';
    print(
      await onDatabaseOrServer(
        async (ctx) => createInvitation(ctx, await organizationActor(ctx, org), input, publicUrl),
        (server) => callServer(server, 'POST', path('/api/v1/admin/organizations/', org, '/invitations'), { body: input }),
      ),
    );
    return 0;
  }
  if (command === 'withdraw') {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { reason: { type: 'string' }, 'legal-basis': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) return usage('withdraw <public-record-id> --reason "<why>" [--legal-basis "<…>"]');
    const id = positionals[0]!;
    const input = { reason: values.reason ?? '', ...(values['legal-basis'] ? { legal_basis: values['legal-basis'] } : {}) };
    print(
      await onDatabaseOrServer(
        (ctx) => withdrawPublicRecord(ctx, id, input),
        (server) => callServer(server, 'POST', path('/api/v1/admin/public-records/', id, '/withdrawal'), { body: input }),
      ),
    );
    return 0;
  }
  if (command === 'transparency-report') {
    const { values } = parseArgs({ args: argv.slice(1), options: { from: { type: 'string' }, to: { type: 'string' } }, strict: true });
    if (!values.from || !values.to) return usage('transparency-report --from <YYYY-MM-DD> --to <YYYY-MM-DD>');
    const input = { from: values.from, to: values.to };
    const deployment = process.env.MINHBACH_PUBLIC_URL || null;
    print(
      await onDatabaseOrServer(
        (ctx) => makeOnDemandReport(ctx, input, { deployment }),
        (server) => callServer(server, 'POST', '/api/v1/admin/transparency-reports', { body: input }),
      ),
    );
    return 0;
  }
  if (command === 'correct') {
    const parsed = parseCorrectArgs(argv.slice(1));
    if ('error' in parsed) return usage(parsed.error);
    const { id, input } = parsed;
    print(
      await onDatabaseOrServer(
        (ctx) => correctRecord(ctx, null, id, input),
        (server) => callServer(server, 'POST', path('/api/v1/admin/public-records/', id, '/corrections'), { body: input }),
      ),
    );
    return 0;
  }
  if (command === 'canon') {
    return canonCommand(argv.slice(1), (line) => console.log(line));
  }
  if (command === 'extract') {
    return extractCommand(argv.slice(1), (line) => console.log(line));
  }
  if (command === 'hash-list') {
    return hashListCommand(argv.slice(1), {
      run: (local, remote) => onDatabaseOrServer(local, remote),
      out: (text) => process.stdout.write(text),
      err: (line) => console.error(line),
    });
  }
  if (command === 'hash') {
    if (argv.length < 2) return usage('hash <image-file>...');
    return hashCommand(argv.slice(1), (line) => console.log(line));
  }
  if (command === 'match') {
    // Decided before the command reads its input, which may be standard input, readable once.
    const server = serverHoldingDatabase();
    if (server) return forwardedMatch(server.endpoint, argv.slice(1));
    return matchCommand(argv.slice(1), withDb, (line) => console.log(line));
  }
  if (command === 'verify') {
    // Needs no database: only the log library and the network (src/verifier).
    const { verifyCommand } = await import('./verify.command.ts');
    return verifyCommand(argv.slice(1), { out: (line) => console.log(line), err: (line) => console.error(line) });
  }
  if (command === 'import') {
    const local = databaseImportTarget(withDb);
    // Straight into the database, or batch by batch through the server that holds it.
    const target: ImportTarget = (orgId, fn) =>
      local(orgId, fn).catch((e: unknown) => {
        const server = e instanceof DataDirLockedError ? operatorEndpoint(e.holder) : null;
        if (!server) throw e;
        return serverImportTarget(server)(orgId, fn);
      });
    return importCommand(argv.slice(1), target, (line) => console.log(line));
  }
  if (command === 'dump') {
    const outcome = await onDatabaseOrServer(
      async (ctx) => {
        const dir = loadConfig().dumpsDir;
        if (dir === null) throw new ConfigError('MINHBACH_DUMPS_DIR', 'is required with DATABASE_URL: a directory every API server and worker shares');
        let bar: ReturnType<typeof progressBar> | null = null;
        const result = await makeDailyDump(ctx, {
          dir,
          onProgress: (done, total) => {
            bar ??= progressBar('dump', total);
            if (done === total) bar.finish(done);
            else bar.update(done, done);
          },
        });
        return result;
      },
      async (server, holder) => {
        console.error(`dumping on the server at ${holder.url}, which holds the embedded database (no progress bar: it answers when done)…`);
        return callServer(server, 'POST', '/api/v1/admin/dumps', { timeoutMs: 6 * 3600_000 });
      },
    );
    print(outcome);
    return 0;
  }
  if (command === 'reindex') {
    const done = await onDatabaseOrServer(
      async (ctx) => {
        const bar = progressBar('reindex', 1);
        const n = await reindexTexts(ctx, (d, total) => bar.update(d / Math.max(total, 1), d), MATCH_SCHEME, loadConfig().match);
        bar.finish(n);
        return n;
      },
      async (server, holder) => {
        console.error(`reindexing on the server at ${holder.url}, which holds the embedded database (no progress bar: it answers when done)…`);
        return (await callServer<{ reindexed: number }>(server, 'POST', '/api/v1/admin/reindex', { timeoutMs: 6 * 3600_000 })).reindexed;
      },
      { checkScheme: false },
    );
    print({ reindexed: done });
    return 0;
  }
  if (command === 'worker') {
    // Runs until interrupted: the background work of a PostgreSQL deployment (MINHBACH_LINKER=off on the API).
    return onDatabaseOrServer(
      async (ctx) => {
        const config = loadConfig();
        const signer = loadLogSigner(config.log);
        await registerLogKey(ctx.db, signer);
        await configureExtraction({ budgetMs: config.extractBudgetMs });
        warmExtraction();
        const stopLinker = startLinker(ctx, { intervalMs: 250, batchSize: 200, thresholds: config.match, onError: (e) => console.error('linking texts failed:', e) });
        const stopImageLinker = startImageLinker(ctx, { intervalMs: 250, batchSize: 100, thresholds: config.match, onError: (e) => console.error('linking images failed:', e) });
        const stopLog = startLogIntegrator(ctx, signer, { intervalMs: LOG_INTERVAL_MS, onError: (e) => console.error('integrating the log failed:', e) });
        const work = workerSetup(config);
        await releaseLeasesOfDeadWorkers(ctx);
        const stopWorker = startWorker(ctx, work.handlers, {
          intervalMs: WORKER_INTERVAL_MS,
          leaseMs: config.jobLeaseMs,
          periodic: work.tasks,
          onError: (e, where) => console.error(`worker: ${where} failed:`, e),
        });
        console.error('minhbach worker: linking texts and images, integrating the transparency log, and carrying events to webhooks and e-mail; Ctrl-C to stop');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await Promise.all([stopLinker(), stopImageLinker(), stopLog(), stopWorker()]);
        work.close();
        return 0;
      },
      async (_server, holder) => workerBesideServer(holder),
    );
  }
  if (command === 'log-key') {
    // The signing key is loaded only on the database path: beside a running server it is that
    // server's key that counts, and a CLI must never make a second one.
    const key = await onDatabaseOrServer(
      async (ctx) => {
        const signer = loadLogSigner(loadConfig().log);
        await registerLogKey(ctx.db, signer);
        return signer.verifierKeyString();
      },
      async (server) => String(await callServer<string>(server, 'GET', '/log/key')).trim(),
    );
    console.log(key);
    return 0;
  }
  if (command === 'demo') {
    print(await onDatabaseOrServer(loadDemo, (server) => callServer(server, 'POST', '/api/v1/admin/demo')));
    return 0;
  }
  if (command === 'migrate') {
    await onDatabaseOrServer(
      async () => undefined,
      async (_server, holder) => console.error(`The server at ${holder.url} holds the embedded database; it brought the schema up to date when it started.`),
    );
    print({ migrated: true });
    return 0;
  }
  process.stderr.write(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 64;
}

/** `minhbach service list|add|set`: the registry of services, on the database or through the server. */
async function serviceCommand(sub: string | undefined, rest: string[]): Promise<number> {
  if (sub === 'list') {
    print(
      await onDatabaseOrServer(
        (ctx) => listRegistry(ctx),
        (server) => callServer(server, 'GET', '/api/v1/admin/services'),
      ),
    );
    return 0;
  }
  const options = {
    name: { type: 'string' },
    host: { type: 'string', multiple: true },
    org: { type: 'string' },
    contact: { type: 'string' },
    slug: { type: 'string' },
    rules: { type: 'string' },
  } as const;
  // "none" clears: the service is answered by nobody, or has no contact address.
  const orNull = (v: string | undefined) => (v === undefined ? undefined : v === 'none' ? null : v);
  if (sub === 'add') {
    const { values } = parseArgs({ args: rest, options, strict: true });
    if (!values.name || !values.host) return usage('service add --name "<name>" --host <host>... [--slug <slug>] [--rules <rules>] [--org <org_id>] [--contact <e-mail>]');
    const input = {
      name: values.name,
      hosts: values.host,
      ...(values.slug ? { slug: values.slug } : {}),
      ...(values.rules ? { url_rules: values.rules } : {}),
      ...(values.org ? { organization_id: orNull(values.org) } : {}),
      ...(values.contact ? { contact_email: orNull(values.contact) } : {}),
    };
    print(
      await onDatabaseOrServer(
        (ctx) => registerService(ctx, input),
        (server) => callServer(server, 'POST', '/api/v1/admin/services', { body: input }),
      ),
    );
    return 0;
  }
  if (sub === 'set') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { name: options.name, host: options.host, org: options.org, contact: options.contact },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) return usage('service set <slug> [--name "<name>"] [--host <host>...] [--org <org_id>|none] [--contact <e-mail>|none]');
    const slug = positionals[0]!;
    const input = {
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.host !== undefined ? { hosts: values.host } : {}),
      ...(values.org !== undefined ? { organization_id: orNull(values.org) } : {}),
      ...(values.contact !== undefined ? { contact_email: orNull(values.contact) } : {}),
    };
    print(
      await onDatabaseOrServer(
        (ctx) => changeService(ctx, slug, input),
        (server) => callServer(server, 'PATCH', path('/api/v1/admin/services/', slug), { body: input }),
      ),
    );
    return 0;
  }
  return usage('service list | service add … | service set <slug> …');
}

function usage(line: string): number {
  console.error(`usage: ${line}`);
  return 64;
}

/**
 * `worker` beside a server on the embedded database: that server already does the background
 * work, and no second process may open its database to help. Says so, and whether the work is
 * being done at all.
 */
function workerBesideServer(holder: LockInfo): number {
  const off = [
    holder.linker === false ? 'MINHBACH_LINKER=off' : null,
    holder.log_integrator === false ? 'MINHBACH_LOG_INTEGRATOR=off' : null,
    holder.worker === false ? 'MINHBACH_WORKER=off' : null,
  ].filter(Boolean);
  if (off.length > 0) {
    console.error(
      `The server at ${holder.url} (pid ${holder.pid}) holds the embedded database but runs with ${off.join(' and ')}, and a worker cannot open that database beside it. ` +
        'Restart the server without them (on the embedded database it does this work itself), or use PostgreSQL (DATABASE_URL) to run workers beside API servers.',
    );
    return 1;
  }
  console.error(
    `Nothing to do: the server at ${holder.url} (pid ${holder.pid}) holds the embedded database and already links texts and integrates the transparency log itself. ` +
      'Workers are for PostgreSQL deployments (DATABASE_URL) whose API servers run with MINHBACH_LINKER=off and MINHBACH_LOG_INTEGRATOR=off.',
  );
  return 0;
}

/** `match` through the server's operator route, with the options of match.command.ts. */
async function forwardedMatch(server: OperatorEndpoint, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { text: { type: 'string' }, url: { type: 'string' }, html: { type: 'string' } }, strict: true });
  const input = {
    ...(values.url !== undefined ? { url: values.url } : {}),
    ...(values.text !== undefined ? { text: readInput(values.text) } : {}),
    ...(values.html !== undefined ? { html: readInput(values.html) } : {}),
  };
  const result = await callServer<{ matches: unknown[] }>(server, 'POST', '/api/v1/admin/match', { body: input });
  for (const m of result.matches) print(m);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof AppError) {
      console.error(JSON.stringify({ error: e.code, message: e.message, ...(e.fields.length ? { errors: e.fields } : {}), ...e.extra }));
      process.exit(1);
    }
    if (
      e instanceof ConfigError ||
      e instanceof DataDirLockedError ||
      e instanceof UnsafePermissionsError ||
      e instanceof MatchSchemeChangedError ||
      e instanceof LogKeyError ||
      (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error((e as Error).message);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
