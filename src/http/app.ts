import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { ServiceContext } from '../services/context.ts';
import { createAuthenticator, createOperatorCheck } from '../services/auth.service.ts';
import { registerAuthentication } from './auth.ts';
import type { HttpDeps } from './deps.ts';
import { registerNulGuard } from './nul-guard.ts';
import { sendProblem, toAppError } from './problem.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { caseRoutes } from './routes/case.routes.ts';
import { decisionRoutes } from './routes/decision.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { logRoutes } from './routes/log.routes.ts';
import { matchRoutes } from './routes/match.routes.ts';
import { noticeRoutes } from './routes/notice.routes.ts';
import { publicRecordRoutes } from './routes/public-record.routes.ts';
import { Problem } from './schema.ts';

export interface AppOptions {
  logLevel?: string;
  /** Enables the operator routes; without it they answer 404. */
  operatorToken?: string;
}

export async function buildApp(ctx: ServiceContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: 1024 * 1024,
    // Report every invalid field at once, and never invent values the client did not send.
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });

  await app.register(swagger, {
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
        },
      },
    },
  });
  app.addSchema(Problem);
  // JSON only: a text/plain body is a 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err, req, reply) => sendProblem(reply, req, toAppError(err, req)));
  app.setNotFoundHandler((req, reply) => sendProblem(reply, req, new AppError('not_found', `No route ${req.method} ${req.url.split('?')[0]}`)));

  const deps: HttpDeps = { ctx, authenticate: createAuthenticator(ctx), checkOperator: createOperatorCheck(options.operatorToken) };
  registerAuthentication(app, deps.authenticate);
  registerNulGuard(app);
  await healthRoutes(app, deps);
  await noticeRoutes(app, deps);
  await caseRoutes(app, deps);
  await decisionRoutes(app, deps);
  await publicRecordRoutes(app, deps);
  await matchRoutes(app, deps);
  await logRoutes(app, deps);
  await adminRoutes(app, deps);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
