import type { FastifyRequest } from 'fastify';

/**
 * Request URLs as the logs may keep them. An invitation's token travels in its path
 * (`/api/v1/invitations/{token}`): it is a bearer secret until used, so the log sees a placeholder;
 * so does a public report's tracking code.
 * Keys, cookies and CSRF tokens travel in headers, which are not logged at all.
 */
export function logSafeUrl(url: string): string {
  // A public report's tracking code opens its status: the API's path and the web app's page.
  // An affected user's statement link (and the appeals and counter-notices filed through it) likewise.
  return url
    .replace(/^(\/api\/v1\/invitations\/)[^/?#]+/, '$1[token]')
    .replace(/^(\/api\/v1\/public\/reports\/|\/report\/)[^/?#]+/, '$1[code]')
    .replace(/^(\/api\/v1\/public\/statements\/|\/statements\/)[^/?#]+/, '$1[token]');
}

/** Fastify's request log line, with the URL made safe. */
export function serializeRequest(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: logSafeUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
