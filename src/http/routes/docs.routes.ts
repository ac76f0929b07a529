import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';

const SWAGGER_UI = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** Swagger UI's own files this page uses, and nothing else of its folder. */
const FILES: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

const OVERRIDES = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'docs', 'swagger-overrides.css'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Minh bạch API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/overrides.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

// A file of its own, not an inline script: the Content-Security-Policy allows this origin's scripts only.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: false, tryItOutEnabled: false });\n`;

/**
 * `/api/docs`: the API reference, rendered by Swagger UI (swagger-ui-dist, served from this
 * origin: nothing is fetched from a CDN) from the OpenAPI document the server serves, for the
 * platforms' and journalists' developers.
 */
export async function docsRoutes(app: FastifyInstance) {
  const hidden = { schema: { hide: true }, config: { allow: 'public' as const } };
  app.get('/api/docs', hidden, async (_req, reply) => reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(PAGE));
  app.get('/api/docs/overrides.css', hidden, async (_req, reply) => reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'no-cache').send(OVERRIDES));
  app.get('/api/docs/init.js', hidden, async (_req, reply) => reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(INIT));
  app.get<{ Params: { file: string } }>('/api/docs/:file', hidden, async (req, reply) => {
    const type = Object.hasOwn(FILES, req.params.file) ? FILES[req.params.file] : undefined;
    if (!type) throw new AppError('not_found', `No file /api/docs/${req.params.file.slice(0, 100)}`);
    return reply
      .header('content-type', type)
      .header('cache-control', 'public, max-age=86400')
      .send(await readFile(path.join(SWAGGER_UI, req.params.file)));
  });
}
