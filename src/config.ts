import path from 'node:path';
import { parseCidrList, type Cidr } from './core/cidr.ts';
import { DEFAULT_COUNTER_NOTICE_WAIT_DAYS, MAX_COUNTER_NOTICE_WAIT_DAYS, MIN_COUNTER_NOTICE_WAIT_DAYS } from './core/counter-notice.ts';
import { DEFAULT_MATCH_THRESHOLDS, MAX_IMAGE_DISTANCE, MIN_TEXT_THRESHOLD, type MatchThresholds } from './core/match-thresholds.ts';
import { DEFAULT_PERSONAL_DATA_RETENTION_DAYS, MAX_PERSONAL_DATA_RETENTION_DAYS, MIN_PERSONAL_DATA_RETENTION_DAYS } from './core/personal-data-retention.ts';

/**
 * Configuration, read from the environment once at boot and validated into a typed object. A bad
 * value stops the process with a message naming the variable, rather than failing later.
 */
export type DatabaseConfig = { driver: 'pglite'; dataDir: string } | { driver: 'postgres'; url: string };

export interface Config {
  host: string;
  port: number;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL connections per process; PGlite always has one. */
  poolSize: number;
  /** Enables the operator routes (see admin.routes.ts); made up at start on the embedded database. */
  operatorToken?: string;
  /**
   * Whether this server also fingerprints and links texts (linker.service.ts). On PostgreSQL a
   * busy deployment turns it off and runs `minhbach worker` processes beside the API instead.
   */
  linker: boolean;
  /**
   * Whether this server also runs the worker over the outbox (webhooks, e-mail, escalations:
   * worker.service.ts). On the embedded database it must (no other process can open it); on
   * PostgreSQL API servers may leave it to `minhbach worker` processes (MINHBACH_WORKER=off).
   */
  worker: boolean;
  /**
   * How long a worker holds a job it claimed before another may take it again (MINHBACH_JOB_LEASE_SECONDS,
   * default 60): longer than any job runs (a webhook delivery gives up after 10 s), short enough
   * that the jobs of a worker killed mid-run are not held up for long.
   */
  jobLeaseMs: number;
  /** How long one page may take to parse in an extraction worker before it is stopped (src/text/extract-pool.ts). */
  extractBudgetMs: number;
  log: LogConfig;
  /** Rate limits (src/http/protection.ts), or false when MINHBACH_RATE_LIMIT=off. */
  limits: RateLimits | false;
  /** Behind a reverse proxy: the proxies' addresses (or true for any) whose X-Forwarded-For is believed. */
  trustProxy: boolean | string;
  /** Where people reach this deployment (MINHBACH_PUBLIC_URL, no trailing slash), for links in e-mails. */
  publicUrl?: string;
  /** E-mail (src/services/email.handler.ts); null when MINHBACH_SMTP_URL is unset: no e-mail jobs are planned. */
  mail: MailConfig | null;
  /**
   * Ranges that outbound requests (webhooks, src/net/safe-fetch.ts) may reach although they are
   * refused by default (private, loopback, …): MINHBACH_OUTBOUND_ALLOW, e.g. `10.20.0.0/16` for
   * receivers on the operator's own network. Empty by default.
   */
  outboundAllow: Cidr[];
  /** The public report form (src/http/routes/public-report.routes.ts). */
  publicReports: PublicReportConfig;
  /**
   * Counter-notices (src/core/counter-notice.ts): days a rights holder has to show a court filing
   * before the content is due back (MINHBACH_COUNTER_NOTICE_WAIT_DAYS, default 10; the DMCA's
   * §512(g)(2)(C) counts 10–14 business days).
   */
  counterNoticeWaitDays: number;
  /**
   * Days the personal data of private persons is kept once its purpose ended
   * (MINHBACH_PERSONAL_DATA_RETENTION_DAYS, default 180; src/core/personal-data-retention.ts).
   */
  personalDataRetentionDays: number;
  /**
   * Where the daily open data dumps are written and served from (src/services/dump.service.ts):
   * MINHBACH_DUMPS_DIR, by default `<MINHBACH_DATA_DIR>/dumps` on the embedded database. With
   * DATABASE_URL there is no default (null: no dumps are made) — API servers and workers may run on
   * different machines, and a dump written to one worker's disk could not be served by the others.
   */
  dumpsDir: string | null;
  /**
   * Where images attached to notices are kept (src/images/image-store*.ts): a bucket when
   * MINHBACH_IMAGES_S3_ENDPOINT is set, else MINHBACH_IMAGES_DIR, by default `<MINHBACH_DATA_DIR>/images`
   * on the embedded database. With DATABASE_URL there is no disk default, for the reason dumps have
   * none (API servers may not share a disk): null, and notices with images are refused.
   */
  images: ImageStoreConfig | null;
  /**
   * Safe merging (src/core/match-thresholds.ts): the levels at which a text or image match is a
   * suggested duplicate for reviewers, and at which it may merge two cases —
   * MINHBACH_MATCH_SUGGEST_AT / MINHBACH_MATCH_MERGE_AT (scores, default 0.8 / 0.8) and
   * MINHBACH_IMAGE_SUGGEST_DISTANCE / MINHBACH_IMAGE_MERGE_DISTANCE (PDQ bits, default 31 / 16).
   */
  match: MatchThresholds;
}

/** The image store: a directory, or an S3-compatible bucket addressed path-style (MinIO, Ceph, AWS…). */
export type ImageStoreConfig = { kind: 'disk'; dir: string } | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };

/**
 * The public report form's abuse resistance, without a third-party captcha: a proof of work for
 * each report (src/core/proof-of-work.ts) and, when rate limits are on, caps per client address
 * per hour. Mobile carriers put many people behind one address, so the caps are loose; the proof
 * of work is what makes each report cost its sender.
 */
export interface PublicReportConfig {
  /** Leading zero bits of SHA-256 asked of each challenge (MINHBACH_REPORT_POW_BITS): 16 take a browser about a second. */
  powBits: number;
  /** Reports per hour from one address (MINHBACH_REPORT_LIMIT_PER_HOUR). */
  reportsPerHour: number;
  /** Challenges per hour from one address: four per report allowed, for retries and abandoned forms. */
  challengesPerHour: number;
}

export const DEFAULT_PUBLIC_REPORTS: PublicReportConfig = { powBits: 16, reportsPerHour: 30, challengesPerHour: 120 };

export interface LogConfig {
  /** The log's name in its checkpoints and the name of its signing key (c2sp.org/tlog-checkpoint). */
  origin: string;
  /** The secret signing key (`PRIVATE+KEY+…`), when given by the environment. */
  signerKey?: string;
  /** Where the signing key is kept otherwise; created with a fresh key on first start. */
  keyFile: string;
  /** Whether this process integrates new records into the log (one process at a time does). */
  integrator: boolean;
}

/**
 * How much one caller may ask of the server. Limits are per process and per fixed window of a
 * minute (in memory: the embedded database is one process; on PostgreSQL each API process counts
 * its own, so a deployment's real limit is this times the number of processes behind the balancer).
 */
export interface RateLimits {
  /** Requests per minute for one organization's API key. */
  perKey: number;
  /** Requests per minute from one client address on routes that need no key (public, log, operator). */
  perAddress: number;
  /** Failed authentications per minute from one client address before it is refused outright. */
  failedAuthPerAddress: number;
  /** Request-body bytes per minute from one key (or, without a key, one address). */
  bodyBytesPerCaller: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { perKey: 6_000, perAddress: 600, failedAuthPerAddress: 30, bodyBytesPerCaller: 32 * 1024 * 1024 };

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    if (!/^postgres(?:ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL');
    }
    return { driver: 'postgres', url };
  }
  return { driver: 'pglite', dataDir: path.resolve(cwd, env.MINHBACH_DATA_DIR || 'data') };
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(name, `must be on or off, got "${raw}"`);
}

function operatorToken(env: NodeJS.ProcessEnv): string | undefined {
  const t = env.MINHBACH_OPERATOR_TOKEN;
  if (t === undefined || t === '') return undefined;
  if (t.length < 24 || /\s/.test(t)) throw new ConfigError('MINHBACH_OPERATOR_TOKEN', 'must be at least 24 characters with no spaces');
  return t;
}

// A key name: no spaces, no "+" (c2sp.org/signed-note), and something that reads like a URL path.
const ORIGIN = /^[a-z0-9.-]+(?::\d+)?(?:\/[A-Za-z0-9._~-]+)*$/;

function logConfig(env: NodeJS.ProcessEnv, cwd: string): LogConfig {
  const origin = env.MINHBACH_LOG_ORIGIN || 'localhost/minhbach';
  if (!ORIGIN.test(origin) || origin.length > 200) {
    throw new ConfigError('MINHBACH_LOG_ORIGIN', `must look like a host and path without a scheme (e.g. minhbach.example.vn/log), got "${origin}"`);
  }
  const signerKey = env.MINHBACH_LOG_KEY || undefined;
  if (signerKey !== undefined && !signerKey.startsWith(`PRIVATE+KEY+${origin}+`)) {
    throw new ConfigError('MINHBACH_LOG_KEY', `must be a signer key PRIVATE+KEY+${origin}+… named after MINHBACH_LOG_ORIGIN`);
  }
  const dataDir = path.resolve(cwd, env.MINHBACH_DATA_DIR || 'data');
  return {
    origin,
    ...(signerKey ? { signerKey } : {}),
    keyFile: path.resolve(cwd, env.MINHBACH_LOG_KEY_FILE || path.join(dataDir, 'log-key')),
    integrator: onOff(env, 'MINHBACH_LOG_INTEGRATOR', true),
  };
}

function rateLimits(env: NodeJS.ProcessEnv): RateLimits | false {
  if (!onOff(env, 'MINHBACH_RATE_LIMIT', true)) return false;
  return {
    perKey: intVar(env, 'MINHBACH_RATE_LIMIT_PER_KEY', DEFAULT_RATE_LIMITS.perKey, 1, 10_000_000),
    perAddress: intVar(env, 'MINHBACH_RATE_LIMIT_PER_ADDRESS', DEFAULT_RATE_LIMITS.perAddress, 1, 10_000_000),
    failedAuthPerAddress: intVar(env, 'MINHBACH_RATE_LIMIT_FAILED_AUTH', DEFAULT_RATE_LIMITS.failedAuthPerAddress, 1, 10_000),
    bodyBytesPerCaller: intVar(env, 'MINHBACH_RATE_LIMIT_BODY_MIB', DEFAULT_RATE_LIMITS.bodyBytesPerCaller / 2 ** 20, 1, 100_000) * 2 ** 20,
  };
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | string {
  const raw = env.MINHBACH_TRUST_PROXY?.trim();
  if (!raw || raw === 'off') return false;
  if (raw === 'on') return true;
  // Addresses or CIDR ranges, comma-separated (proxy-addr's syntax, which Fastify uses).
  if (!/^[\d.:a-fA-F/,\s]+$/.test(raw)) throw new ConfigError('MINHBACH_TRUST_PROXY', `must be on, off, or proxy addresses/CIDR ranges separated by commas, got "${raw}"`);
  return raw;
}

function outboundAllow(env: NodeJS.ProcessEnv): Cidr[] {
  const raw = env.MINHBACH_OUTBOUND_ALLOW;
  if (raw === undefined || raw.trim() === '') return [];
  const list = parseCidrList(raw);
  if ('error' in list) throw new ConfigError('MINHBACH_OUTBOUND_ALLOW', `must be IP addresses or CIDR ranges separated by commas: ${list.error}`);
  return list;
}

export interface MailConfig {
  /** smtp:// or smtps:// with optional user:password@ (MINHBACH_SMTP_URL); kept out of logs. */
  smtpUrl: string;
  /** The From address (MINHBACH_MAIL_FROM), e.g. "Minh bạch <no-reply@minhbach.example.vn>". */
  from: string;
  /** MINHBACH_PUBLIC_URL: every e-mail links to the case or page it is about. */
  publicUrl: string;
}

function publicUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.MINHBACH_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('MINHBACH_PUBLIC_URL', `is not a valid URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('MINHBACH_PUBLIC_URL', `must start with https:// (or http://), got "${raw}"`);
  if (url.search || url.hash || url.username) throw new ConfigError('MINHBACH_PUBLIC_URL', 'must be a plain address with no query, fragment or credentials');
  return url.href.replace(/\/$/, '');
}

// One address, optionally with a display name: "Name <a@b.c>" or "a@b.c".
const MAIL_FROM = /^(?:[^<>\r\n]{1,200} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

function mailConfig(env: NodeJS.ProcessEnv, publicUrl: string | undefined): MailConfig | null {
  const smtpUrl = env.MINHBACH_SMTP_URL?.trim();
  if (!smtpUrl) return null;
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // The URL may hold a password: never echo it.
    throw new ConfigError('MINHBACH_SMTP_URL', 'is not a valid URL (smtp://user:password@host:587 or smtps://user:password@host:465)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError('MINHBACH_SMTP_URL', `must start with smtp:// or smtps://, got ${url.protocol}//…`);
  if (!url.hostname) throw new ConfigError('MINHBACH_SMTP_URL', 'must name a host');
  const from = env.MINHBACH_MAIL_FROM?.trim();
  if (!from) throw new ConfigError('MINHBACH_MAIL_FROM', 'is required when MINHBACH_SMTP_URL is set (e.g. "Minh bạch <no-reply@minhbach.example.vn>")');
  if (!MAIL_FROM.test(from)) throw new ConfigError('MINHBACH_MAIL_FROM', `must be an e-mail address, optionally as "Name <address>", got "${from}"`);
  if (!publicUrl) throw new ConfigError('MINHBACH_PUBLIC_URL', 'is required when MINHBACH_SMTP_URL is set: e-mails link to the deployment');
  return { smtpUrl, from, publicUrl };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const host = env.HOST ?? '127.0.0.1';
  if (host.trim() === '') throw new ConfigError('HOST', 'must not be empty');
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    host,
    port: intVar(env, 'PORT', 8080, 0, 65535),
    database: databaseConfigFromEnv(env, cwd),
    logLevel,
    poolSize: intVar(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    operatorToken: operatorToken(env),
    linker: onOff(env, 'MINHBACH_LINKER', true),
    worker: onOff(env, 'MINHBACH_WORKER', true),
    jobLeaseMs: intVar(env, 'MINHBACH_JOB_LEASE_SECONDS', 60, 15, 3600) * 1000,
    extractBudgetMs: intVar(env, 'MINHBACH_EXTRACT_BUDGET_MS', 2_000, 100, 60_000),
    log: logConfig(env, cwd),
    limits: rateLimits(env),
    trustProxy: trustProxy(env),
    ...(publicUrl(env) ? { publicUrl: publicUrl(env) } : {}),
    mail: mailConfig(env, publicUrl(env)),
    outboundAllow: outboundAllow(env),
    publicReports: publicReports(env),
    counterNoticeWaitDays: intVar(env, 'MINHBACH_COUNTER_NOTICE_WAIT_DAYS', DEFAULT_COUNTER_NOTICE_WAIT_DAYS, MIN_COUNTER_NOTICE_WAIT_DAYS, MAX_COUNTER_NOTICE_WAIT_DAYS),
    personalDataRetentionDays: intVar(
      env,
      'MINHBACH_PERSONAL_DATA_RETENTION_DAYS',
      DEFAULT_PERSONAL_DATA_RETENTION_DAYS,
      MIN_PERSONAL_DATA_RETENTION_DAYS,
      MAX_PERSONAL_DATA_RETENTION_DAYS,
    ),
    dumpsDir: dumpsDir(env, cwd),
    images: imageStoreConfig(env, cwd),
    match: matchThresholds(env),
  };
}

function scoreVar(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^(?:0?\.\d+|[01](?:\.\d*)?)$/.test(raw)) throw new ConfigError(name, `must be a score between ${MIN_TEXT_THRESHOLD} and 1 (e.g. 0.85), got "${raw}"`);
  const n = Number(raw);
  if (n < MIN_TEXT_THRESHOLD || n > 1) throw new ConfigError(name, `must be between ${MIN_TEXT_THRESHOLD} and 1, got ${n}`);
  return n;
}

function matchThresholds(env: NodeJS.ProcessEnv): MatchThresholds {
  const d = DEFAULT_MATCH_THRESHOLDS;
  const suggestAt = scoreVar(env, 'MINHBACH_MATCH_SUGGEST_AT', d.text.suggestAt);
  // Unset, the merge level follows a suggest level raised above its default; set, it must not be below it.
  const mergeAt = scoreVar(env, 'MINHBACH_MATCH_MERGE_AT', Math.max(d.text.mergeAt, suggestAt));
  // A match strong enough to merge must be strong enough to be shown: merging is the stricter step.
  if (mergeAt < suggestAt) {
    throw new ConfigError(
      'MINHBACH_MATCH_MERGE_AT',
      `(${mergeAt}) must not be below MINHBACH_MATCH_SUGGEST_AT (${suggestAt}): cases merge only on matches strong enough to suggest`,
    );
  }
  const suggestDistance = intVar(env, 'MINHBACH_IMAGE_SUGGEST_DISTANCE', d.image.suggestDistance, 0, MAX_IMAGE_DISTANCE);
  const mergeDistance = intVar(env, 'MINHBACH_IMAGE_MERGE_DISTANCE', Math.min(d.image.mergeDistance, suggestDistance), 0, MAX_IMAGE_DISTANCE);
  if (mergeDistance > suggestDistance) {
    throw new ConfigError(
      'MINHBACH_IMAGE_MERGE_DISTANCE',
      `(${mergeDistance}) must not be above MINHBACH_IMAGE_SUGGEST_DISTANCE (${suggestDistance}): cases merge only on images close enough to suggest`,
    );
  }
  return { text: { suggestAt, mergeAt }, image: { suggestDistance, mergeDistance } };
}

const S3_VARS = ['BUCKET', 'REGION', 'ACCESS_KEY_ID', 'SECRET_ACCESS_KEY'] as const;

function imageStoreConfig(env: NodeJS.ProcessEnv, cwd: string): ImageStoreConfig | null {
  const v = (name: string) => env[`MINHBACH_IMAGES_S3_${name}`]?.trim() || undefined;
  const endpoint = v('ENDPOINT');
  const dir = env.MINHBACH_IMAGES_DIR?.trim();
  if (!endpoint) {
    const stray = S3_VARS.find((name) => v(name) !== undefined);
    if (stray) throw new ConfigError(`MINHBACH_IMAGES_S3_${stray}`, 'is set but MINHBACH_IMAGES_S3_ENDPOINT is not: set the endpoint too, or unset it');
    if (dir) {
      if (dir.includes('\0')) throw new ConfigError('MINHBACH_IMAGES_DIR', 'must be a directory path');
      return { kind: 'disk', dir: path.resolve(cwd, dir) };
    }
    if (env.DATABASE_URL) return null;
    return { kind: 'disk', dir: path.join(path.resolve(cwd, env.MINHBACH_DATA_DIR || 'data'), 'images') };
  }
  if (dir) throw new ConfigError('MINHBACH_IMAGES_DIR', 'and MINHBACH_IMAGES_S3_ENDPOINT are both set: images go to one store, choose one');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError('MINHBACH_IMAGES_S3_ENDPOINT', `is not a valid URL, got "${endpoint}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('MINHBACH_IMAGES_S3_ENDPOINT', `must start with https:// (or http://), got "${endpoint}"`);
  // Credentials go in their own variables (kept out of logs), the bucket in its own: path-style addressing.
  if (url.search || url.hash || url.username || url.password || url.pathname !== '/') {
    throw new ConfigError('MINHBACH_IMAGES_S3_ENDPOINT', 'must be a plain origin such as https://s3.example.vn:9000 (no path, query or credentials)');
  }
  const bucket = v('BUCKET');
  // S3's bucket naming rules: also keeps the bucket a single, unescaped path segment.
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError('MINHBACH_IMAGES_S3_BUCKET', 'must name the bucket (3–63 lowercase letters, digits, dots or hyphens) when MINHBACH_IMAGES_S3_ENDPOINT is set');
  }
  const region = v('REGION') ?? 'us-east-1';
  if (!/^[a-z0-9-]{1,50}$/.test(region)) throw new ConfigError('MINHBACH_IMAGES_S3_REGION', `must be a region name such as us-east-1, got "${region}"`);
  const accessKeyId = v('ACCESS_KEY_ID');
  const secretAccessKey = v('SECRET_ACCESS_KEY');
  if (!accessKeyId) throw new ConfigError('MINHBACH_IMAGES_S3_ACCESS_KEY_ID', 'is required when MINHBACH_IMAGES_S3_ENDPOINT is set');
  // Never echoed: it is a secret.
  if (!secretAccessKey) throw new ConfigError('MINHBACH_IMAGES_S3_SECRET_ACCESS_KEY', 'is required when MINHBACH_IMAGES_S3_ENDPOINT is set');
  return { kind: 's3', endpoint: url.origin, bucket, region, accessKeyId, secretAccessKey };
}

function dumpsDir(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const raw = env.MINHBACH_DUMPS_DIR?.trim();
  if (raw) {
    if (raw.includes('\0')) throw new ConfigError('MINHBACH_DUMPS_DIR', 'must be a directory path');
    return path.resolve(cwd, raw);
  }
  if (env.DATABASE_URL) return null;
  return path.join(path.resolve(cwd, env.MINHBACH_DATA_DIR || 'data'), 'dumps');
}

function publicReports(env: NodeJS.ProcessEnv): PublicReportConfig {
  const reportsPerHour = intVar(env, 'MINHBACH_REPORT_LIMIT_PER_HOUR', DEFAULT_PUBLIC_REPORTS.reportsPerHour, 1, 1_000_000);
  return { powBits: intVar(env, 'MINHBACH_REPORT_POW_BITS', DEFAULT_PUBLIC_REPORTS.powBits, 8, 28), reportsPerHour, challengesPerHour: reportsPerHour * 4 };
}
