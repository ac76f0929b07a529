import { Type } from '@sinclair/typebox';
import { ORG_KINDS, PLATFORMS } from '../../core/organization.ts';
import { StringEnum } from '../schema.ts';

export const CreateOrganizationInput = Type.Object(
  {
    kind: StringEnum(ORG_KINDS),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    platform: Type.Optional(StringEnum(PLATFORMS, { description: 'Required for kind platform' })),
  },
  { additionalProperties: false },
);

export const CreatedOrganization = Type.Object({
  org_id: Type.String(),
  api_key: Type.String({ description: 'Shown once; only its hash is stored' }),
});
