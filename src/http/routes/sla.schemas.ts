import { Type } from '@sinclair/typebox';
import { STATEMENT_CATEGORIES } from '../../core/dsa.ts';
import { SUBMITTER_KINDS } from '../../core/organization.ts';
import { MAX_SLA_HOURS, MAX_SLA_POLICIES, SLA_SUBJECTS, URGENCIES } from '../../core/sla.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

export const SlaPolicy = Type.Object(
  {
    applies_to: StringEnum(SLA_SUBJECTS, { description: 'notice: the clock a notice starts; appeal: the clock an appeal restarts' }),
    submitter_kind: Type.Optional(Nullable(StringEnum(SUBMITTER_KINDS, { description: 'null or absent: any' }))),
    category: Type.Optional(Nullable(StringEnum(STATEMENT_CATEGORIES, { description: 'null or absent: any' }))),
    urgency: Type.Optional(Nullable(StringEnum(URGENCIES, { description: 'null or absent: any' }))),
    hours: Type.Integer({ minimum: 1, maximum: MAX_SLA_HOURS, description: 'Hours the platform has to answer' }),
  },
  { additionalProperties: false },
);

export const SlaPoliciesInput = Type.Object(
  {
    due_soon_remaining_percent: Type.Integer({ minimum: 1, maximum: 90, description: 'A case is due soon once this share of its window is left (default 25)' }),
    policies: Type.Array(SlaPolicy, {
      maxItems: MAX_SLA_POLICIES,
      description:
        'The whole set; the most specific policy matching a notice applies, the shortest among equally specific ones. Must include a catch-all for notices and for appeals.',
    }),
  },
  { additionalProperties: false },
);

export const SlaPolicies = Type.Object({
  source: StringEnum(['default', 'deployment'] as const),
  due_soon_remaining_percent: Type.Integer(),
  policies: Type.Array(
    Type.Object({
      applies_to: Type.String(),
      submitter_kind: Nullable(Type.String()),
      category: Nullable(Type.String()),
      urgency: Nullable(Type.String()),
      hours: Type.Integer(),
    }),
  ),
  updated_at: Nullable(DateTime),
});
