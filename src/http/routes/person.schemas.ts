import { Type } from '@sinclair/typebox';
import { ORG_KINDS, PERSON_ROLES } from '../../core/organization.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

export const Role = StringEnum(PERSON_ROLES, { description: 'admin: manages people, keys, webhooks, settings; reviewer: acts on cases and files notices; viewer: reads' });

export const PersonView = Type.Object({
  id: Type.String(),
  org_id: Type.String(),
  org_name: Type.String(),
  org_kind: StringEnum(ORG_KINDS),
  email: Type.String(),
  display_name: Type.String(),
  role: Role,
  totp_enabled: Type.Boolean(),
  totp_required: Type.Boolean({ description: 'Admins of authorities and platforms must enrol a second factor before anything else' }),
  created_at: DateTime,
  disabled_at: Nullable(DateTime),
});

export const PeopleList = Type.Object({ items: Type.Array(PersonView) });

export const PersonChange = Type.Object(
  {
    role: Type.Optional(Role),
    disabled: Type.Optional(Type.Boolean({ description: 'true ends their sessions at once; an organization keeps at least one active admin' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const InvitationInput = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    role: Role,
  },
  { additionalProperties: false },
);

export const CreatedInvitation = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: Role,
  accept_url: Type.String({ description: 'Shown once: the token in it is stored hashed; valid 72 hours, once' }),
  expires_at: DateTime,
});

export const InvitationList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), email: Type.String(), role: Role, created_at: DateTime, expires_at: DateTime })),
});

export const TokenParams = Type.Object({ token: Type.String({ description: 'The token from the invitation link' }) });

export const InvitationPreview = Type.Object({
  org_name: Type.String(),
  org_kind: StringEnum(ORG_KINDS),
  email: Type.String(),
  role: Role,
  expires_at: DateTime,
  expired: Type.Boolean(),
  accepted: Type.Boolean(),
});

export const AcceptanceInput = Type.Object(
  {
    display_name: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters, not a common password, not containing the e-mail or the organization name' }),
  },
  { additionalProperties: false },
);
