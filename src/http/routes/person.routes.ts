import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { acceptInvitation, createInvitation, listInvitations, previewInvitation } from '../../services/invitation.service.ts';
import { changePerson, listOrganizationPeople } from '../../services/person.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { IdParams, problems } from '../schema.ts';
import { AcceptanceInput, CreatedInvitation, InvitationInput, InvitationList, InvitationPreview, PeopleList, PersonChange, PersonView, TokenParams } from './person.schemas.ts';
import { KeyOrSessionSecurity } from './session.schemas.ts';

const tags = ['people'];

/** An organization's people and invitations (admins, or the organization's API keys), and accepting an invitation (anyone with the link). */
export async function personRoutes(app: FastifyInstance, { ctx, publicUrl }: HttpDeps) {
  app.get(
    '/api/v1/people',
    {
      config: { allow: 'organizations', action: 'people.manage' },
      schema: { summary: "Your organization's people (admins)", tags, security: KeyOrSessionSecurity, response: { 200: PeopleList, ...problems(401, 403) } },
    },
    async (req) => listOrganizationPeople(ctx, actorOf(req)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof PersonChange> }>(
    '/api/v1/people/:id',
    {
      config: { allow: 'organizations', action: 'people.manage' },
      schema: {
        summary: "Change a person's role, or disable them (admins); an organization keeps at least one active admin (409)",
        tags,
        security: KeyOrSessionSecurity,
        params: IdParams,
        body: PersonChange,
        response: { 200: PersonView, ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (req) => changePerson(ctx, actorOf(req), req.params.id, req.body),
  );

  app.post<{ Body: Static<typeof InvitationInput> }>(
    '/api/v1/invitations',
    {
      config: { allow: 'organizations', action: 'invitations.manage' },
      schema: {
        summary: 'Invite a person into your organization (admins): the link is shown once, works once, for 72 hours, and is e-mailed to them',
        tags,
        security: KeyOrSessionSecurity,
        body: InvitationInput,
        response: { 201: CreatedInvitation, ...problems(401, 403, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await createInvitation(ctx, actorOf(req), req.body, publicUrl)),
  );

  app.get(
    '/api/v1/invitations',
    {
      config: { allow: 'organizations', action: 'invitations.manage' },
      schema: {
        summary: "Your organization's open invitations (admins), without their links",
        tags,
        security: KeyOrSessionSecurity,
        response: { 200: InvitationList, ...problems(401, 403) },
      },
    },
    async (req) => listInvitations(ctx, actorOf(req)),
  );

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/api/v1/invitations/:token',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'What an invitation link is for: organization, role, whether it expired or was used',
        tags,
        security: [],
        params: TokenParams,
        response: { 200: InvitationPreview, ...problems(404) },
      },
    },
    async (req) => previewInvitation(ctx, req.params.token),
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof AcceptanceInput> }>(
    '/api/v1/invitations/:token/acceptance',
    {
      config: { allow: 'public' },
      schema: {
        summary: 'Accept an invitation: choose a name and password; creates the account (then sign in with POST /api/v1/sessions)',
        tags,
        security: [],
        params: TokenParams,
        body: AcceptanceInput,
        response: { 201: PersonView, ...problems(404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await acceptInvitation(ctx, req.params.token, req.body)),
  );
}
