import { Type } from '@sinclair/typebox';
import { SERVICE_SLUG_PATTERN, URL_RULES } from '../../core/services.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

export const ServiceSlug = Type.String({
  pattern: SERVICE_SLUG_PATTERN,
  maxLength: 253,
  description: 'A service in the registry (GET /api/v1/public/services): facebook, zalo…, or a website by its domain name, e.g. vnexpress.net',
});

export const ServiceSlugParams = Type.Object({ slug: ServiceSlug });

const Host = Type.String({ minLength: 1, maxLength: 253, description: 'A host name; its subdomains belong to the service too' });

export const RegisterServiceInput = Type.Object(
  {
    slug: Type.Optional(ServiceSlug),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    hosts: Type.Array(Host, { minItems: 1, maxItems: 50 }),
    url_rules: Type.Optional(StringEnum(URL_RULES, { description: 'Which URL rules read its links (default web: pages of a website)' })),
    organization_id: Type.Optional(Nullable(Type.String({ description: 'The platform organization that answers for it' }))),
    contact_email: Type.Optional(Nullable(Type.String({ maxLength: 254, description: 'Where requests go while no organization answers for it' }))),
  },
  { additionalProperties: false },
);

export const UpdateServiceInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    hosts: Type.Optional(Type.Array(Host, { minItems: 1, maxItems: 50, description: 'The whole list; content on added hosts moves to this service' })),
    organization_id: Type.Optional(Nullable(Type.String({ description: 'null: no organization answers for it any more' }))),
    contact_email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ServiceView = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  hosts: Type.Array(Type.String()),
  url_rules: StringEnum(URL_RULES),
  built_in: Type.Boolean(),
  organization_id: Nullable(Type.String()),
  organization_name: Nullable(Type.String()),
  contact_email: Nullable(Type.String()),
  created_at: DateTime,
  updated_at: DateTime,
});

export const ServiceList = Type.Object({ services: Type.Array(ServiceView) });

export const ServiceChange = Type.Object({
  service: ServiceView,
  moved_cases: Type.Integer({ description: 'Cases on the added hosts that were on another service (the site as a whole) and are now on this one' }),
});

export const PublicServiceList = Type.Object({
  services: Type.Array(
    Type.Object({
      slug: Type.String(),
      name: Type.String(),
      hosts: Type.Array(Type.String()),
      answered_by: Nullable(Type.String({ description: 'The organization that answers for it; null: nobody yet (its cases are in the unassigned queue)' })),
    }),
  ),
});
