import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createEndpoint, deleteEndpoint, enableEndpoint, getEndpoint, listDeliveries, listEndpoints, replayDelivery, rotateSecret } from '../../services/webhook.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, IdParams, problems } from '../schema.ts';
import { CreatedEndpoint, DeliveryList, DeliveryListQuery, DeliveryView, EndpointInput, EndpointList, EndpointView, RotationInput, RotationResult } from './webhook.schemas.ts';

/** Webhook endpoints of the caller's organization (Standard Webhooks); changing them is an admin's job. */
export async function webhookRoutes(app: FastifyInstance, { ctx, outbound }: HttpDeps) {
  const tags = ['webhooks'];
  const security = BearerSecurity;

  app.post<{ Body: Static<typeof EndpointInput> }>(
    '/api/v1/webhook-endpoints',
    {
      config: { allow: 'organizations', action: 'webhooks.manage' },
      schema: {
        summary: 'Register a webhook endpoint; its signing secret is in this answer only',
        tags,
        security,
        body: EndpointInput,
        response: { 201: CreatedEndpoint, ...problems(401, 403, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createEndpoint(ctx, outbound, actorOf(req), req.body)),
  );

  app.get(
    '/api/v1/webhook-endpoints',
    {
      config: { allow: 'organizations' },
      schema: { summary: "Your organization's webhook endpoints (never their secrets)", tags, security, response: { 200: EndpointList, ...problems(401, 403) } },
    },
    async (req) => listEndpoints(ctx, actorOf(req)),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/webhook-endpoints/:id',
    {
      config: { allow: 'organizations' },
      schema: { summary: 'One webhook endpoint', tags, security, params: IdParams, response: { 200: EndpointView, ...problems(401, 403, 404) } },
    },
    async (req) => getEndpoint(ctx, actorOf(req), req.params.id),
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/webhook-endpoints/:id',
    {
      config: { allow: 'organizations', action: 'webhooks.manage' },
      schema: { summary: 'Delete a webhook endpoint: nothing more is sent to it', tags, security, params: IdParams, response: { 204: {}, ...problems(401, 403, 404) } },
    },
    async (req, reply) => {
      await deleteEndpoint(ctx, actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RotationInput> }>(
    '/api/v1/webhook-endpoints/:id/secret-rotation',
    {
      config: { allow: 'organizations', action: 'webhooks.manage' },
      schema: {
        summary: 'A new signing secret; the previous one keeps signing beside it for overlap_hours (24 by default)',
        tags,
        security,
        params: IdParams,
        body: RotationInput,
        response: { 200: RotationResult, ...problems(401, 403, 404, 422) },
      },
    },
    async (req) => rotateSecret(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/webhook-endpoints/:id/enable',
    {
      config: { allow: 'organizations', action: 'webhooks.manage' },
      schema: { summary: 'Enable an endpoint that was disabled after failing', tags, security, params: IdParams, response: { 200: EndpointView, ...problems(401, 403, 404) } },
    },
    async (req) => enableEndpoint(ctx, actorOf(req), req.params.id),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof DeliveryListQuery> }>(
    '/api/v1/webhook-endpoints/:id/deliveries',
    {
      config: { allow: 'organizations' },
      schema: {
        summary: "An endpoint's deliveries, newest first, each with its attempts",
        tags,
        security,
        params: IdParams,
        querystring: DeliveryListQuery,
        response: { 200: DeliveryList, ...problems(401, 403, 404, 422) },
      },
    },
    async (req) => listDeliveries(ctx, actorOf(req), req.params.id, req.query),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/webhook-deliveries/:id/replay',
    {
      config: { allow: 'organizations', action: 'webhooks.manage' },
      schema: {
        summary: 'Send a finished delivery again: the same event under the same webhook-id',
        tags,
        security,
        params: IdParams,
        response: { 202: DeliveryView, ...problems(401, 403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(202).send(await replayDelivery(ctx, actorOf(req), req.params.id)),
  );
}
