import { Type } from '@sinclair/typebox';
import { ORG_KINDS } from '../../core/organization.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';
import { ServiceSlug } from './service.schemas.ts';

export const CreateOrganizationInput = Type.Object(
  {
    kind: StringEnum(ORG_KINDS),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    services: Type.Optional(Type.Array(ServiceSlug, { maxItems: 100, description: 'For kind platform: the registry services it answers for, each answered by nobody yet' })),
  },
  { additionalProperties: false },
);

export const CreatedOrganization = Type.Object({
  org_id: Type.String(),
  api_key: Type.String({ description: 'Shown once; only its hash is stored' }),
  services: Type.Array(Type.String(), { description: 'The services it answers for' }),
});

export const WithdrawalInput = Type.Object(
  {
    reason: Type.String({ minLength: 10, maxLength: 2000, description: 'Why the body is withdrawn; published (personal data redacted)' }),
    legal_basis: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. the court order or the legal provision' })),
  },
  { additionalProperties: false },
);

const Withdrawn = { withdrawal_id: Type.String(), withdrawn_record_id: Type.String() };

export const WithdrawalResult = Type.Object({
  ...Withdrawn,
  siblings: Type.Array(Type.Object(Withdrawn), {
    description: "The notice's records for its other platforms, which carried the same text: withdrawn too, each with its own withdrawal record",
  }),
});

export const OrgIdParams = Type.Object({ id: Type.String({ description: 'The organization id (UUID)' }) });

export const CreateKeyInput = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for, so the right one is revoked later' })) },
  { additionalProperties: false },
);

export const CreatedKey = Type.Object({
  key_id: Type.String(),
  api_key: Type.String({ description: 'Shown once; only its hash is stored' }),
});

const ApiKeyFields = {
  key_id: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  name: Nullable(Type.String()),
  created_at: DateTime,
  last_used_at: Nullable(Type.String({ format: 'date-time', description: 'To the minute: recorded at most once a minute' })),
  revoked_at: Nullable(DateTime),
};

export const KeyList = Type.Object({
  org_id: Type.String(),
  name: Type.String(),
  disabled_at: Nullable(DateTime),
  keys: Type.Array(Type.Object(ApiKeyFields), { description: 'Oldest first; never the key or its hash' }),
});

export const RevokedKey = Type.Object({ ...ApiKeyFields, org_id: Type.String() });

export const DisabledOrganization = Type.Object({ org_id: Type.String(), disabled_at: DateTime });

export const ReindexResult = Type.Object({ reindexed: Type.Integer({ description: 'Texts fingerprinted again' }) });

export const DemoResult = Type.Object({
  loaded: Type.Boolean({ description: 'false when the demo was already there: nothing was added' }),
  organizations: Type.Array(
    Type.Object({
      name: Type.String(),
      kind: Type.String(),
      org_id: Type.String(),
      api_key: Type.Optional(Type.String({ description: 'Only when just loaded; shown once' })),
    }),
  ),
});
