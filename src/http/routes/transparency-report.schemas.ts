import { Type } from '@sinclair/typebox';
import { ITEM_OUTCOMES, REPORT_KINDS } from '../../core/transparency-report.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

export const OnDemandReportInput = Type.Object(
  {
    from: Type.String({ maxLength: 10, description: 'First day reported, YYYY-MM-DD in Vietnamese time' }),
    to: Type.String({ maxLength: 10, description: 'The day after the last day reported, YYYY-MM-DD (the period is [from, to), at most a year)' }),
  },
  { additionalProperties: false },
);

const Period = Type.Object({
  from: DateTime,
  to: DateTime,
  first_day: Type.String(),
  last_day: Type.String(),
  half_year: Nullable(Type.String({ description: '2026-H1, 2026-H2; null for an on-demand period' })),
});

const Measures = {
  requests: Type.Integer({ description: 'Notices' }),
  items: Type.Integer({ description: 'URLs named by the notices' }),
  cases: Type.Integer({ description: 'Distinct content' }),
  outcomes: Type.Object(
    {
      content_removed: Type.Integer(),
      content_disabled: Type.Integer(),
      other_content_restriction: Type.Integer(),
      account_or_service_only: Type.Integer(),
      no_action: Type.Integer(),
      pending: Type.Integer(),
    } satisfies Record<(typeof ITEM_OUTCOMES)[number], unknown>,
    { description: 'Items by what was done: the kind of the first decision after the request (public-stats.ts), or pending' },
  ),
  time_to_action: Type.Object({ answered: Type.Integer(), median_hours: Nullable(Type.Number()), p90_hours: Nullable(Type.Number()) }),
  authority: Type.Object({ items: Type.Integer(), answered_within_deadline: Type.Integer(), share: Nullable(Type.Number()) }),
};

const Appeals = { appeals: Type.Integer(), decided_on_appeal: Type.Integer(), reversed: Type.Integer() };

export const TransparencyReport = Type.Object({
  id: Type.String(),
  public_record_id: Type.String({ description: 'The logged public record whose body this is' }),
  log_index: Nullable(Type.Number({ description: 'Its position in the transparency log; null until integrated' })),
  schema_version: Type.Integer(),
  report_id: Type.String(),
  kind: StringEnum(REPORT_KINDS),
  deployment: Nullable(Type.String()),
  time_zone: Type.String(),
  period: Period,
  generated_at: DateTime,
  answer_hours: Type.Number(),
  totals: Type.Object(Measures),
  by_requester: Type.Array(Type.Object({ requester_kind: Type.String(), name: Nullable(Type.String({ description: 'null: public reports, never named' })), ...Measures })),
  by_category: Type.Array(Type.Object({ category: Type.String(), ...Measures })),
  by_platform: Type.Array(Type.Object({ platform: Type.String(), name: Nullable(Type.String()), ...Measures })),
  by_outcome: Type.Array(Type.Object({ outcome: StringEnum(ITEM_OUTCOMES), requests: Type.Integer(), items: Type.Integer(), cases: Type.Integer() })),
  appeals: Type.Object({ total: Type.Object(Appeals), platforms: Type.Array(Type.Object({ platform: Type.String(), name: Nullable(Type.String()), ...Appeals })) }),
});

export const TransparencyReportList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: StringEnum(REPORT_KINDS),
      period: Period,
      public_record_id: Type.String(),
      log_index: Nullable(Type.Number()),
      created_at: DateTime,
    }),
  ),
});
