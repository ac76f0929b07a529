import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { toBase64 } from '../../core/tlog/encoding.ts';
import { parseTilePath } from '../../core/tlog/tile.ts';
import { recordProof } from '../../services/log-proof.service.ts';
import { checkpointNote, consistencyProofOf, entryBundleBytes, logStatus, logVerifierKey, tileBytes } from '../../services/log.service.ts';
import type { HttpDeps } from '../deps.ts';
import { IdParams, problems } from '../schema.ts';
import { ConsistencyQuery, LogStatusBody, TextBody, TileParams } from './log.schemas.ts';

const TEXT = 'text/plain; charset=utf-8';
// A tile, full or partial, never changes once it exists: its bytes are fixed by the tree.
const IMMUTABLE = 'public, max-age=31536000, immutable';

function sendBytes(reply: FastifyReply, bytes: Uint8Array) {
  return reply
    .header('content-type', 'application/octet-stream')
    .header('cache-control', IMMUTABLE)
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/**
 * The transparency log in the C2SP formats (tlog-checkpoint, tlog-tiles, signed-note) under
 * /log, so existing monitors and witnesses read it as they read Certificate Transparency's
 * successors, and the proofs users ask for. No key needed.
 */
export async function logRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get(
    '/log/checkpoint',
    {
      config: { allow: 'public' },
      schema: { summary: "The log's latest signed checkpoint (c2sp.org/tlog-checkpoint)", tags: ['log'], produces: ['text/plain'], response: { 200: TextBody, ...problems(503) } },
    },
    async (_req, reply) =>
      reply
        .header('content-type', TEXT)
        .header('cache-control', 'public, max-age=2')
        .send(await checkpointNote(ctx)),
  );

  app.get(
    '/log/key',
    {
      config: { allow: 'public' },
      schema: { summary: "The log's verifier key (c2sp.org/signed-note)", tags: ['log'], produces: ['text/plain'], response: { 200: TextBody, ...problems(503) } },
    },
    async (_req, reply) =>
      reply
        .header('content-type', TEXT)
        .header('cache-control', 'public, max-age=3600')
        .send(`${await logVerifierKey(ctx)}\n`),
  );

  app.get<{ Params: Static<typeof TileParams> }>(
    '/log/tile/*',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'A tile (tile/<L>/<N>[.p/<W>]) or entry bundle (tile/entries/<N>[.p/<W>]) (c2sp.org/tlog-tiles)',
        tags: ['log'],
        params: TileParams,
        produces: ['application/octet-stream'],
        response: { ...problems(400, 404) },
      },
    },
    async (req, reply) => {
      let t;
      try {
        t = parseTilePath(`tile/${req.params['*']}`);
      } catch (e) {
        // Anything that is not a canonical tile path names no tile.
        if (e instanceof AppError) throw AppError.notFound('Tile');
        throw e;
      }
      const bytes = t.kind === 'entries' ? await entryBundleBytes(ctx, t.index, t.width) : await tileBytes(ctx, t.level, t.index, t.width);
      return sendBytes(reply, bytes);
    },
  );

  app.get<{ Querystring: Static<typeof ConsistencyQuery> }>(
    '/log/consistency',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'RFC 9162 consistency proof from tree size old to new (default: the latest checkpoint), one base64 hash per line',
        tags: ['log'],
        querystring: ConsistencyQuery,
        produces: ['text/plain'],
        response: { 200: TextBody, ...problems(422, 503) },
      },
    },
    async (req, reply) => {
      const proof = await consistencyProofOf(ctx, Number(req.query.old), req.query.new === undefined ? undefined : Number(req.query.new));
      return reply
        .header('content-type', TEXT)
        .header('cache-control', 'public, max-age=2')
        .send(proof.map((h) => `${toBase64(h)}\n`).join(''));
    },
  );

  app.get(
    '/api/v1/public/log',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'The state of the transparency log: its size, its latest checkpoint, and the published records still waiting to enter it',
        tags: ['public', 'log'],
        response: { 200: LogStatusBody },
      },
    },
    async (_req, reply) => reply.header('cache-control', 'public, max-age=2').send(await logStatus(ctx)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public/records/:id/proof',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Proof that a public record is in the transparency log (c2sp.org/tlog-proof): its index, audit path and the signed checkpoint',
        tags: ['public', 'log'],
        params: IdParams,
        produces: ['text/plain'],
        response: { 200: TextBody, ...problems(404, 503) },
      },
    },
    async (req, reply) => {
      const p = await recordProof(ctx, req.params.id);
      return reply.header('content-type', TEXT).header('cache-control', 'public, max-age=2').send(p.proof);
    },
  );
}
