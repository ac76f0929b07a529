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

export const WithdrawalInput = Type.Object(
  {
    reason: Type.String({ minLength: 10, maxLength: 2000, description: 'Why the body is withdrawn; published (personal data redacted)' }),
    legal_basis: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. the court order or the legal provision' })),
  },
  { additionalProperties: false },
);

export const WithdrawalResult = Type.Object({ withdrawal_id: Type.String(), withdrawn_record_id: Type.String() });
