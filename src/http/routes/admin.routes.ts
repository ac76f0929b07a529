import type { MatchThresholds } from '../../core/match-thresholds.ts';
import { MATCH_SCHEME } from '../../core/text-fingerprint.ts';
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { createApiKey, disableOrganization, listOrganizationKeys, revokeApiKey } from '../../services/api-key.service.ts';
import { loadDemo } from '../../services/demo.service.ts';
import { submitNoticeBatch } from '../../services/intake.service.ts';
import { createInvitation } from '../../services/invitation.service.ts';
import { reindexTexts } from '../../services/match-scheme.service.ts';
import { matchContent } from '../../services/match.service.ts';
import { createOrganization, organizationActor } from '../../services/organization.service.ts';
import { withdrawPublicRecord } from '../../services/withdrawal.service.ts';
import type { HttpDeps } from '../deps.ts';
import { IdParams, problems } from '../schema.ts';
import { compileValidator } from '../validate.ts';
import {
  CreatedKey,
  CreatedOrganization,
  CreateKeyInput,
  CreateOrganizationInput,
  DemoResult,
  DisabledOrganization,
  KeyList,
  OrgIdParams,
  ReindexResult,
  RevokedKey,
  WithdrawalInput,
  WithdrawalResult,
} from './admin.schemas.ts';
import { MatchInput, MatchResult } from './match.schemas.ts';
import { CreatedInvitation, InvitationInput } from './person.schemas.ts';
import { BatchResult, NoticeBatchInput, NoticeInput } from './notice.schemas.ts';

const checkNotice = compileValidator(NoticeInput);
const operator = { tags: ['operator'], security: [{ operator: [] }] };

/**
 * Operator routes: everything `minhbach` does, for when a running server holds the embedded
 * database, which no second process may open. They answer 404 unless the server was given an
 * operator token, and 401 without it.
 */
export async function adminRoutes(app: FastifyInstance, { ctx, authenticate, publicUrl }: HttpDeps, { matchThresholds }: { matchThresholds: MatchThresholds }) {
  app.post<{ Body: Static<typeof CreateOrganizationInput> }>(
    '/api/v1/admin/organizations',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Create an organization and its first API key (operator token required)',
        ...operator,
        body: CreateOrganizationInput,
        response: { 201: CreatedOrganization, ...problems(401, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createOrganization(ctx, req.body)),
  );

  app.post<{ Params: Static<typeof OrgIdParams> }>(
    '/api/v1/admin/organizations/:id/disable',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Disable an organization: every one of its keys stops working (within 10 seconds in other processes); its records stay',
        ...operator,
        params: OrgIdParams,
        response: { 200: DisabledOrganization, ...problems(401, 404) },
      },
    },
    async (req) => {
      const out = await disableOrganization(ctx, req.params.id);
      authenticate.invalidate();
      return out;
    },
  );

  app.post<{ Params: Static<typeof OrgIdParams>; Body: Static<typeof CreateKeyInput> }>(
    '/api/v1/admin/organizations/:id/keys',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Create another API key for an organization; the key is shown once',
        ...operator,
        params: OrgIdParams,
        body: CreateKeyInput,
        response: { 201: CreatedKey, ...problems(401, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createApiKey(ctx, req.params.id, req.body ?? {})),
  );

  app.get<{ Params: Static<typeof OrgIdParams> }>(
    '/api/v1/admin/organizations/:id/keys',
    {
      config: { allow: 'operator' },
      schema: {
        summary: "An organization's API keys: prefix, name, when created, last used and revoked (never the key)",
        ...operator,
        params: OrgIdParams,
        response: { 200: KeyList, ...problems(401, 404) },
      },
    },
    async (req) => listOrganizationKeys(ctx, req.params.id),
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/admin/keys/:id/revocation',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Revoke an API key: 401 at once on this server, within 10 seconds on others; revoking twice is harmless',
        ...operator,
        params: IdParams,
        response: { 200: RevokedKey, ...problems(401, 404) },
      },
    },
    async (req) => {
      const out = await revokeApiKey(ctx, req.params.id);
      authenticate.invalidate();
      return out;
    },
  );

  app.post<{ Params: Static<typeof OrgIdParams>; Body: Static<typeof InvitationInput> }>(
    '/api/v1/admin/organizations/:id/invitations',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Invite a person into an organization (`minhbach person invite`, for its first admin); the link is shown once and works once, for 72 hours',
        ...operator,
        params: OrgIdParams,
        body: InvitationInput,
        response: { 201: CreatedInvitation, ...problems(401, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createInvitation(ctx, await organizationActor(ctx, req.params.id), req.body, publicUrl)),
  );

  app.post<{ Params: Static<typeof OrgIdParams>; Body: Static<typeof NoticeBatchInput> }>(
    '/api/v1/admin/organizations/:id/notices/batch',
    {
      config: { allow: 'operator' },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        summary: 'Submit up to 100 notices as this organization (`minhbach import` through a running server)',
        ...operator,
        params: OrgIdParams,
        body: NoticeBatchInput,
        response: { 200: BatchResult, ...problems(401, 403, 404, 409, 413, 422) },
      },
    },
    async (req, reply) => {
      const actor = await organizationActor(ctx, req.params.id);
      const out = await submitNoticeBatch(ctx, actor, req.body.notices.map(checkNotice));
      return reply.status(out.status).send(out.body);
    },
  );

  app.post<{ Body: Static<typeof MatchInput> }>(
    '/api/v1/admin/match',
    {
      config: { allow: 'operator' },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        summary: 'The cases holding this content, as POST /api/v1/match (`minhbach match`)',
        ...operator,
        body: MatchInput,
        response: { 200: MatchResult, ...problems(401, 413, 422) },
      },
    },
    async (req) => matchContent(ctx, 'operator', req.body),
  );

  app.post(
    '/api/v1/admin/reindex',
    {
      config: { allow: 'operator' },
      schema: {
        summary: "Rebuild every text fingerprint under this version's matching scheme (`minhbach reindex`); answers when done, or 409 while another runs",
        ...operator,
        response: { 200: ReindexResult, ...problems(401, 409) },
      },
    },
    async () => ({ reindexed: await reindexTexts(ctx, () => {}, MATCH_SCHEME, matchThresholds) }),
  );

  app.post(
    '/api/v1/admin/demo',
    {
      config: { allow: 'operator' },
      schema: {
        summary: 'Load the demo, all or nothing (`minhbach demo`); keys are shown only when it is loaded',
        ...operator,
        response: { 200: DemoResult, ...problems(401, 409) },
      },
    },
    async () => loadDemo(ctx),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof WithdrawalInput> }>(
    '/api/v1/admin/public-records/:id/withdrawal',
    {
      config: { allow: 'operator' },
      schema: {
        summary: "Withdraw a public record's body (operator token required); the withdrawal is published and logged, the record keeps its log entry",
        ...operator,
        params: IdParams,
        body: WithdrawalInput,
        response: { 201: WithdrawalResult, ...problems(401, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await withdrawPublicRecord(ctx, req.params.id, req.body)),
  );
}
