import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { MAX_HASH_LIST_CHARS } from '../../core/hash-list.ts';
import type { Actor } from '../../core/organization.ts';
import { deleteHashList, exportHashList, exportOwnSignals, importHashList, listHashLists, type HashListFile, type HashListInput } from '../../services/hash-list.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { HashListExportQuery, HashListImportInput, HashListImportQuery, HashListList, ImportedHashList } from './hash-list.schemas.ts';

/** A list's text plus the JSON around it; the content's own bound (characters) is the service's. */
const IMPORT_BODY_LIMIT = MAX_HASH_LIST_CHARS + 1024 * 1024;
const TEXT_TYPES = ['text/plain', 'text/csv'];

const importBody = {
  content: {
    'application/json': { schema: HashListImportInput },
    'text/plain': { schema: { type: 'string', description: 'The file as it is; name (and format, source) in the query' } },
    'text/csv': { schema: { type: 'string', description: 'The file as it is; name (and source) in the query' } },
  },
};

type ImportBody = Static<typeof HashListImportInput> | string;
type ImportQuery = Static<typeof HashListImportQuery>;

function importInput(body: ImportBody, query: ImportQuery, contentType: string | undefined): HashListInput {
  if (typeof body !== 'string') return { name: body.name, content: body.content, ...(body.format ? { format: body.format } : {}), source: body.source ?? null };
  if (!query.name) throw AppError.validation([{ field: 'name', message: 'is required in the query with a text/plain or text/csv body' }]);
  const format = query.format ?? (contentType?.startsWith('text/csv') ? 'csv' : undefined);
  return { name: query.name, content: body, ...(format ? { format } : {}), source: query.source ?? null };
}

/** A download: never cached by anything between, never sniffed into something a browser would run. */
function sendFile(reply: FastifyReply, file: HashListFile) {
  reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
  reply.header('cache-control', 'private, no-store');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-hash-list-entries', String(file.entries));
  reply.type(file.contentType);
  return file.body;
}

const fileResponse = { 200: { type: 'string', description: 'The list as a file (Content-Disposition: attachment)' } };

/**
 * Hash lists in and out (issue 15): PDQ hashes with labels as ThreatExchange and HMA exchange
 * them. Platforms and trusted flaggers keep lists of their own; the operator keeps the
 * deployment's (routes under /api/v1/admin, and `minhbach hash-list`). Only platforms and the
 * operator export: hashes are signals for platforms, never public.
 */
export async function hashListRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  // A scope of its own, so that a text body is accepted here only: elsewhere text/plain stays a 415.
  await app.register(async (scope) => {
    scope.addContentTypeParser(TEXT_TYPES, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
    for (const who of ['organizations', 'operator'] as const) {
      const base = who === 'operator' ? '/api/v1/admin/hash-lists' : '/api/v1/hash-lists';
      const actor = (req: Parameters<typeof actorOf>[0]): Actor | null => (who === 'operator' ? null : actorOf(req));
      const doc =
        who === 'operator'
          ? { tags: ['operator'], security: [{ operator: [] }], note: ' (operator token required)' }
          : { tags: ['hash-lists'], security: BearerSecurity, note: '' };

      scope.get(
        base,
        {
          config: { allow: who },
          schema: {
            summary:
              who === 'operator'
                ? 'Every hash list, newest first (operator token required)'
                : "Your organization's hash lists, and a platform also the operator's, newest first (platforms and trusted flaggers)",
            tags: doc.tags,
            security: doc.security,
            response: { 200: HashListList, ...problems(401, 403, 404) },
          },
        },
        async (req) => listHashLists(ctx, actor(req)),
      );

      scope.post<{ Body: ImportBody; Querystring: ImportQuery }>(
        base,
        {
          config: { allow: who, action: 'hash_list.manage' },
          bodyLimit: IMPORT_BODY_LIMIT,
          schema: {
            summary: `Import a hash list: PDQ hashes with labels, as JSON {name, content, format?, source?} or the file itself as text/plain or text/csv (?name=…)${doc.note}. Every entry then matches the images of cases (distance ≤ 31). All or nothing: errors name the line and field.`,
            tags: doc.tags,
            security: doc.security,
            querystring: HashListImportQuery,
            body: importBody,
            response: { 201: ImportedHashList, ...problems(400, 401, 403, 404, 413, 415, 422) },
          },
        },
        async (req, reply) => reply.status(201).send(await importHashList(ctx, actor(req), importInput(req.body, req.query, req.headers['content-type']))),
      );

      scope.get<{ Querystring: Static<typeof HashListExportQuery> }>(
        `${base}/signals/export`,
        {
          config: { allow: who === 'operator' ? 'operator' : 'platforms', action: 'hash_list.export' },
          schema: {
            summary: `minhbach's own signals as a hash list${doc.note}: the PDQ hash of each image (quality ≥ 50) on a case whose latest decision restricts the content, labelled with the decision's DSA category and ground, nothing else (platforms)`,
            tags: doc.tags,
            security: doc.security,
            querystring: HashListExportQuery,
            produces: ['text/plain', 'text/csv'],
            response: { ...fileResponse, ...problems(401, 403, 404, 422) },
          },
        },
        async (req, reply) => sendFile(reply, await exportOwnSignals(ctx, actor(req), req.query.format)),
      );

      scope.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof HashListExportQuery> }>(
        `${base}/:id/export`,
        {
          config: { allow: who === 'operator' ? 'operator' : 'platforms', action: 'hash_list.export' },
          schema: {
            summary: `Download a hash list in the format hash-sharing programs read${doc.note} (platforms: their own lists and the operator's)`,
            tags: doc.tags,
            security: doc.security,
            params: IdParams,
            querystring: HashListExportQuery,
            produces: ['text/plain', 'text/csv'],
            response: { ...fileResponse, ...problems(401, 403, 404, 422) },
          },
        },
        async (req, reply) => sendFile(reply, await exportHashList(ctx, actor(req), req.params.id, req.query.format)),
      );

      scope.delete<{ Params: Static<typeof IdParams> }>(
        `${base}/:id`,
        {
          config: { allow: who, action: 'hash_list.manage' },
          schema: {
            summary: `Delete a hash list of your own${doc.note}: its entries stop matching at once`,
            tags: doc.tags,
            security: doc.security,
            params: IdParams,
            response: { 204: { type: 'null', description: 'Deleted' }, ...problems(401, 403, 404) },
          },
        },
        async (req, reply) => {
          await deleteHashList(ctx, actor(req), req.params.id);
          return reply.status(204).send();
        },
      );
    }
  });
}
