import { Type } from '@sinclair/typebox';
import { STATEMENT_CATEGORIES } from '../../core/dsa.ts';
import { ORG_KINDS } from '../../core/organization.ts';
import { PUBLIC_RECORD_TYPES } from '../../core/public-record-types.ts';
import { AnyObject, DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';
import { ServiceSlug } from './service.schemas.ts';

export const PublicRecordQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find (requester, legal basis, explanation, facts)' })),
    type: Type.Optional(StringEnum(PUBLIC_RECORD_TYPES)),
    category: Type.Optional(StringEnum(STATEMENT_CATEGORIES)),
    platform: Type.Optional(ServiceSlug),
    requester_kind: Type.Optional(StringEnum(ORG_KINDS)),
    from: Type.Optional(Type.String({ format: 'date-time', description: 'published at or after' })),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'published before' })),
    include_superseded: Type.Optional(Type.Boolean({ description: 'true: also records a correction superseded (by default only the current version of each record is listed)' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const PublicRecordList = Type.Object({ items: Type.Array(AnyObject), next_cursor: Nullable(Type.String()) });

const Hours = (description: string) => Nullable(Type.Number({ minimum: 0, description }));

/** How a platform keeps its deadlines (public-stats.repository.ts says how each figure is measured). */
const PlatformDeadlines = Type.Object(
  {
    answered: Type.Integer({ description: 'Cases whose latest obligation the platform answered with a decision (status decided or closed)' }),
    answered_within_deadline: Type.Integer({ description: 'Of those, decided at or before their deadline (a case without a deadline cannot be late)' }),
    answered_late: Type.Integer({ description: 'Of those, decided after their deadline' }),
    median_hours_to_decision: Hours(
      'Median hours from the start of the clock to the decision, over answered cases; the clock starts when the case is received, and again on an appeal, a reopening or a notice that brings the deadline forward. Null when nothing was answered',
    ),
    p90_hours_to_decision: Hours('90th percentile of the same durations (linear interpolation); null when nothing was answered'),
    open_overdue: Type.Integer({ description: 'Cases awaiting an answer whose deadline has passed, now' }),
  },
  { description: 'Deadline keeping: answered cases are judged on their latest answer' },
);

const AuthorityRequests = Type.Object(
  {
    answered: Type.Integer({ description: 'Cases requested by a competent authority that the platform answered' }),
    answered_within_24h: Type.Integer({ description: 'Of those, decided within 24 hours of the start of the clock (Decree 147/2024/NĐ-CP)' }),
    unanswered_after_24h: Type.Integer({ description: 'Authority requests still awaiting an answer more than 24 hours after the clock started' }),
    answered_within_24h_share: Nullable(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'answered_within_24h / (answered + unanswered_after_24h): requests left unanswered past 24 hours count as missed. Null when there is none of either',
      }),
    ),
  },
  { description: 'Requests by competent authorities, held to 24 hours whatever deadlines the deployment sets' },
);

export const PublicStats = Type.Object({
  platforms: Type.Array(
    Type.Object({
      platform: Type.String({ description: 'A service of the registry (GET /api/v1/public/services)' }),
      name: Type.String(),
      onboarded: Type.Boolean({ description: 'An organization answers for it' }),
      cases: Type.Integer(),
      by_status: AnyObject,
      public_records: Type.Integer(),
      deadlines: PlatformDeadlines,
      authority_requests: AuthorityRequests,
    }),
  ),
  unregistered_websites: Type.Object(
    { sites: Type.Integer(), cases: Type.Integer(), by_status: AnyObject, public_records: Type.Integer() },
    { description: 'Websites not in the registry, together: nobody answers for them (the unassigned queue)' },
  ),
  cases_on_platforms_not_onboarded: Type.Integer({ description: 'Cases on services no organization answers for, unregistered websites included' }),
  public_records_by_type: AnyObject,
});
