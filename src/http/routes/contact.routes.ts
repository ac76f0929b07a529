import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getContacts, setContacts } from '../../services/contact.service.ts';
import { actorOf } from '../auth.ts';
import type { HttpDeps } from '../deps.ts';
import { BearerSecurity, problems } from '../schema.ts';
import { Contacts, ContactsInput } from './contact.schemas.ts';

/** Where an organization's e-mail goes, by purpose (src/services/email.handler.ts). */
export async function contactRoutes(app: FastifyInstance, { ctx }: HttpDeps) {
  app.get(
    '/api/v1/organization/contacts',
    {
      config: { allow: 'organizations' },
      schema: { summary: "The organization's e-mail addresses, by purpose", tags: ['organization'], security: BearerSecurity, response: { 200: Contacts, ...problems(401, 403) } },
    },
    async (req) => getContacts(ctx, actorOf(req)),
  );

  app.put<{ Body: Static<typeof ContactsInput> }>(
    '/api/v1/organization/contacts',
    {
      config: { allow: 'organizations', action: 'settings.manage' },
      schema: {
        summary: "Replace the organization's e-mail addresses (admins only)",
        tags: ['organization'],
        security: BearerSecurity,
        body: ContactsInput,
        response: { 200: Contacts, ...problems(401, 403, 422) },
      },
    },
    async (req) => setContacts(ctx, actorOf(req), req.body),
  );
}
