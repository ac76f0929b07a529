import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.ts';
import { isAppPage } from '../core/app-pages.ts';

/** Where `npm run build:web` (and `npm start`, when the sources changed) writes the web app. */
export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Paths the API and the log own: never the app's, so an unknown one is a JSON 404, not the app's page. */
const NOT_THE_APP = /^\/(?:api|log)(?:\/|$)|^\/(?:metrics|healthz|readyz)$/;

/**
 * The web app (web/, built by Vite) at `/`: its files, and for any other page path its
 * index.html, so the app's router can show `/records/{id}` or `/stats` when opened directly.
 * Hashed assets are cached for a year; everything else is revalidated, so a new version shows at
 * once. Files are read from the build directory only (a resolved path must stay inside it).
 */
export function registerWebApp(app: FastifyInstance, root: string = DEFAULT_WEB_ROOT): void {
  const index = path.join(root, 'index.html');
  app.get('/*', { config: { allow: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const raw = req.url.split('?')[0]!;
    let pathname: string;
    try {
      pathname = decodeURIComponent(raw);
    } catch {
      throw new AppError('not_found', `No file ${raw.slice(0, 200)}`);
    }
    if (NOT_THE_APP.test(pathname)) throw new AppError('not_found', `No route ${req.method} ${pathname}`);
    const file = path.resolve(root, `.${pathname}`);
    const inside = file === root || file.startsWith(root + path.sep);
    // Read asynchronously: a bundle is hundreds of kilobytes, and the event loop serves the API too.
    const isFile = inside && (await stat(file).catch(() => null))?.isFile() === true;
    if (!isFile && path.extname(pathname) !== '') throw new AppError('not_found', `No file ${pathname}`);
    // The app's pages (web/src/pages.ts) are served with 200; any other path is a 404 (the app's page for a browser).
    const page = isAppPage(pathname);
    // An unknown path is a 404 whoever asks; a browser still gets the app, which says so in words.
    const notFound = () => new AppError('not_found', `No route ${req.method} ${pathname.slice(0, 200)}`);
    if (!isFile && !page && !(req.headers.accept ?? '').includes('text/html')) throw notFound();
    const target = isFile ? file : index;
    const content = await readFile(target).catch(() => null);
    if (content === null) {
      if (!isFile && !page) throw notFound();
      throw new AppError('unavailable', 'The web app is not built: run npm run build:web (npm start does it)');
    }
    const hashed = isFile && pathname.startsWith('/assets/');
    if (!isFile && !page) void reply.status(404);
    reply.header('content-type', TYPES[path.extname(target)] ?? 'application/octet-stream').header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.send(content);
  });
}
