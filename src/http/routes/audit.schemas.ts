import { Type } from '@sinclair/typebox';
import { DateTime, Nullable, PageQuery } from '../schema.ts';

export const AuditQuery = Type.Object(
  {
    person_id: Type.Optional(Type.String({ description: 'Only this person’s actions (UUID of a person of your organization)' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const AuditEntry = Type.Object({
  id: Type.String({ description: 'The id of the case event or of the notice' }),
  at: DateTime,
  type: Type.String({ description: 'status_changed (a case action), decided, or notice_submitted' }),
  case_id: Type.Optional(Type.String()),
  notice_id: Type.Optional(Type.String()),
  person: Nullable(Type.Object({ id: Type.String(), display_name: Type.String() })),
  key: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()), prefix: Type.String() })),
  summary: Type.String({ description: 'One line saying what was done' }),
});

export const AuditList = Type.Object({
  items: Type.Array(AuditEntry, { description: 'Newest first. Person and key both null: the operator acted for the organization.' }),
  next_cursor: Nullable(Type.String()),
});
