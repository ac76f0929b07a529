import { Type } from '@sinclair/typebox';
import { STATEMENT_CATEGORIES } from '../../core/dsa.ts';
import { ORG_KINDS, PLATFORMS } from '../../core/organization.ts';
import { PUBLIC_RECORD_TYPES } from '../../core/public-record.ts';
import { AnyObject, DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';

export const PublicRecordQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find (requester, legal basis, explanation, facts)' })),
    type: Type.Optional(StringEnum(PUBLIC_RECORD_TYPES)),
    category: Type.Optional(StringEnum(STATEMENT_CATEGORIES)),
    platform: Type.Optional(StringEnum(PLATFORMS)),
    requester_kind: Type.Optional(StringEnum(ORG_KINDS)),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'published at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'published before' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const PublicRecordList = Type.Object({ items: Type.Array(AnyObject), next_cursor: Nullable(Type.String()) });

export const PublicStats = Type.Object({
  platforms: Type.Array(Type.Object({ platform: Type.String(), onboarded: Type.Boolean(), cases: Type.Integer(), by_status: AnyObject, public_records: Type.Integer() })),
  cases_on_platforms_not_onboarded: Type.Integer(),
  public_records_by_type: AnyObject,
});
