import { DEFAULT_MATCH_THRESHOLDS, type MatchThresholds } from '../core/match-thresholds.ts';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_PUBLIC_REPORTS, DEFAULT_RATE_LIMITS, type PublicReportConfig, type RateLimits } from '../config.ts';
import { AppError } from '../core/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import type { OutboundPolicy } from '../services/webhook.service.ts';
import { createAuthenticator, createOperatorCheck } from '../services/auth.service.ts';
import { authenticateSession } from '../services/session.service.ts';
import { DEFAULT_BODY_LIMIT, documentBodyLimit } from './body-limits.ts';
import { handleClientError } from './client-error.ts';
import { registerJsonBodyParser } from './json-body.ts';
import { serializeRequest } from './log-redact.ts';
import { registerMetrics } from './metrics.ts';
import { jobRoutes } from './routes/job.routes.ts';
import { registerRoutePolicy } from './route-policy.ts';
import { buildValidator } from './validate.ts';
import type { HttpDeps } from './deps.ts';
import { registerNulGuard } from './nul-guard.ts';
import { registerProtection } from './protection.ts';
import { sendProblem, toAppError } from './problem.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { caseRoutes } from './routes/case.routes.ts';
import { appealRoutes } from './routes/appeal.routes.ts';
import { caseDuplicateRoutes } from './routes/case-duplicate.routes.ts';
import { docsRoutes } from './routes/docs.routes.ts';
import { decisionRoutes } from './routes/decision.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { logRoutes } from './routes/log.routes.ts';
import { matchRoutes } from './routes/match.routes.ts';
import { noticeRoutes } from './routes/notice.routes.ts';
import { imageRoutes } from './routes/image.routes.ts';
import type { ImageStore } from '../images/image-store.ts';
import { factCheckRoutes } from './routes/fact-check.routes.ts';
import { noticeUpdateRoutes } from './routes/notice-update.routes.ts';
import { personRoutes } from './routes/person.routes.ts';
import { publicRecordRoutes } from './routes/public-record.routes.ts';
import { dumpRoutes } from './routes/dump.routes.ts';
import { publicReportRoutes } from './routes/public-report.routes.ts';
import { counterNoticeRoutes } from './routes/counter-notice.routes.ts';
import { publicStatsRoutes } from './routes/public-stats.routes.ts';
import { serviceRoutes } from './routes/service.routes.ts';
import { registerWebApp } from './web-app.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { contactRoutes } from './routes/contact.routes.ts';
import { slaRoutes } from './routes/sla.routes.ts';
import { webhookRoutes } from './routes/webhook.routes.ts';
import { apiKeyRoutes } from './routes/api-key.routes.ts';
import { transparencyReportRoutes } from './routes/transparency-report.routes.ts';
import { correctionRoutes } from './routes/correction.routes.ts';
import { statementRoutes } from './routes/statement.routes.ts';
import { hashListRoutes } from './routes/hash-list.routes.ts';
import { DEFAULT_COUNTER_NOTICE_WAIT_DAYS } from '../core/counter-notice.ts';
import { Problem } from './schema.ts';

export interface AppOptions {
  logLevel?: string;
  /** Where the log goes (standard output by default); tests read it. */
  logStream?: NodeJS.WritableStream;
  /** Enables the operator routes; without it they answer 404. */
  operatorToken?: string;
  /** Rate limits (src/http/protection.ts); `false` turns them off (load benchmarks). */
  limits?: RateLimits | false;
  /** Fastify's trustProxy: behind a reverse proxy, whose X-Forwarded-For to believe for client addresses. */
  trustProxy?: boolean | string;
  /** Slow-client limits; the defaults suit production, tests shorten them. */
  timeouts?: { headersMs: number; requestMs: number };
  /** Where outbound requests (webhooks) may go besides the public Internet (config.outboundAllow); tests allow loopback. */
  outbound?: OutboundPolicy;
  /** Where the web app is reached from outside, for links in e-mails (invitations); default http://127.0.0.1:8080. */
  publicUrl?: string;
  /** The built web app (web/dist by default), served at `/`. */
  webRoot?: string;
  /** Where the open data dumps are (config.dumpsDir); null or absent: their files are not served here. */
  dumpsDir?: string | null;
  /** The suggest and merge levels (config.match), for a reindex run through the operator route. */
  matchThresholds?: MatchThresholds;
  /** The public report form's proof of work and limits per address (config.ts); tests make it cheap. */
  publicReports?: Partial<PublicReportConfig>;
  /** Days a rights holder has to show a court filing after a counter-notice (config.counterNoticeWaitDays; default 10). */
  counterNoticeWaitDays?: number;
  /** Where images attached to notices are kept (config.images, src/images/image-store-open.ts); absent or null: notices with images are refused. */
  imageStore?: ImageStore | null;
}

export async function buildApp(ctx: ServiceContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // Structured JSON lines with the request id (reqId); URLs made safe (log-redact.ts); headers never logged.
    logger: { level: options.logLevel ?? 'info', serializers: { req: serializeRequest }, ...(options.logStream ? { stream: options.logStream } : {}) },
    // A client gets 10 s to send its headers and 30 s for the whole request; an idle kept-alive
    // connection is closed after 5 s. Without these a slow client holds a socket forever.
    // Node checks header and request deadlines on an interval (30 s by default): check every second.
    http: { headersTimeout: options.timeouts?.headersMs ?? 10_000, connectionsCheckingInterval: 1_000 },
    requestTimeout: options.timeouts?.requestMs ?? 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    // One validator configuration for the API, batch items and imports (src/http/validate.ts).
    schemaController: { compilersFactory: { buildValidator } },
    // Fastify's own errors (a bad percent-escape or an over-long id in the path, a malformed
    // request line) go through the one problem mapper like every other error.
    frameworkErrors: (err, req, reply) => {
      void sendProblem(reply, req, toAppError(err, req));
    },
    clientErrorHandler(err, socket) {
      handleClientError(this as unknown as FastifyInstance, err, socket);
    },
  });

  await app.register(swagger, {
    transform: documentBodyLimit,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'minhbach API',
        version: '1',
        description:
          'Coordinated handling of reported online content: notices, cases, statements of reasons (EU DSA field names) and the public transparency database. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An organization API key from `minhbach org create`' },
          operator: { type: 'http', scheme: 'bearer', description: 'The operator token (MINHBACH_OPERATOR_TOKEN, or made at start for the embedded database)' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: '__Host-minhbach_session',
            description: 'A person signed in (POST /api/v1/sessions); POST, PUT, PATCH and DELETE also need the x-csrf-token header',
          },
        },
      },
    },
  });
  app.addSchema(Problem);
  // JSON only: a text/plain body is a 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err, req, reply) => sendProblem(reply, req, toAppError(err, req)));
  app.setNotFoundHandler((req, reply) => sendProblem(reply, req, new AppError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`)));

  const deps: HttpDeps = {
    ctx,
    authenticate: createAuthenticator(ctx),
    checkOperator: createOperatorCheck(options.operatorToken),
    outbound: options.outbound ?? { allow: [] },
    authenticateSession: (token) => authenticateSession(ctx, token),
    publicUrl: options.publicUrl ?? 'http://127.0.0.1:8080',
    configuredPublicUrl: options.publicUrl ? options.publicUrl.replace(/\/$/, '') : null,
  };
  // Before authentication: its failed-authentication limiter must run before a key is looked up.
  await registerProtection(app, options.limits ?? DEFAULT_RATE_LIMITS);
  registerRoutePolicy(app, deps);
  registerJsonBodyParser(app);
  registerNulGuard(app);
  await healthRoutes(app, deps);
  registerMetrics(app, deps);
  await noticeRoutes(app, deps, { images: options.imageStore ?? null });
  await imageRoutes(app, deps, { images: options.imageStore ?? null });
  await caseRoutes(app, deps);
  await appealRoutes(app, deps);
  await caseDuplicateRoutes(app, deps);
  await noticeUpdateRoutes(app, deps);
  await factCheckRoutes(app, deps);
  await decisionRoutes(app, deps);
  await publicRecordRoutes(app, deps);
  await dumpRoutes(app, deps, { dir: options.dumpsDir ?? null });
  await publicStatsRoutes(app, deps);
  await matchRoutes(app, deps);
  await logRoutes(app, deps);
  await adminRoutes(app, deps, { matchThresholds: options.matchThresholds ?? DEFAULT_MATCH_THRESHOLDS });
  await serviceRoutes(app, deps);
  await jobRoutes(app, deps);
  await sessionRoutes(app, deps);
  await personRoutes(app, deps);
  await auditRoutes(app, deps);
  await slaRoutes(app, deps);
  await contactRoutes(app, deps);
  await webhookRoutes(app, deps);
  await publicReportRoutes(app, deps, { ...DEFAULT_PUBLIC_REPORTS, ...options.publicReports });
  await counterNoticeRoutes(app, deps, { waitDays: options.counterNoticeWaitDays ?? DEFAULT_COUNTER_NOTICE_WAIT_DAYS });
  await apiKeyRoutes(app, deps);
  await transparencyReportRoutes(app, deps);
  await correctionRoutes(app, deps);
  await statementRoutes(app, deps);
  await hashListRoutes(app, deps);
  app.get('/api/openapi.json', { schema: { hide: true }, config: { allow: 'public' } }, async () => app.swagger());
  await docsRoutes(app);
  registerWebApp(app, options.webRoot);
  return app;
}
