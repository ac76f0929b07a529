import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ImageStore } from '../../images/image-store.ts';
import { readVisibleImage } from '../../services/image.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, problems } from '../schema.ts';
import { ImageParams } from './image.schemas.ts';

/**
 * The bytes of an image attached to a notice item, to those shown the notice (image.service.ts).
 * Never public and never cached by shared caches. The bytes are someone's upload, served from the
 * API's own origin: nosniff and a CSP that allows nothing keep a crafted file from ever being
 * run as a page or a script, whatever it holds.
 */
export async function imageRoutes(app: FastifyInstance, { ctx }: HttpDeps, { images }: { images: ImageStore | null }) {
  app.get<{ Params: Static<typeof ImageParams> }>(
    '/api/v1/images/:sha256',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: 'An image attached to a notice item you may see (its submitter, or the platform of its case)',
        tags: ['notices'],
        security: BearerSecurity,
        params: ImageParams,
        response: { ...problems(401, 404) },
      },
    },
    async (req, reply) => {
      const image = await readVisibleImage(ctx, images, actorOf(req), req.params.sha256);
      return reply
        .header('content-type', image.mime)
        .header('content-length', String(image.data.length))
        .header('cache-control', 'private')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('content-disposition', 'inline')
        .send(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length));
    },
  );
}
