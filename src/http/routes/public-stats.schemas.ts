import { Type, type TInteger } from '@sinclair/typebox';
import { DECISION_OUTCOME_KINDS, type DecisionOutcomeKind } from '../../core/public-stats.ts';
import { REQUESTER_KINDS } from '../../core/requester-stats.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

const Count = (description?: string) => Type.Integer({ minimum: 0, ...(description ? { description } : {}) });
const Share = (description: string) => Nullable(Type.Number({ minimum: 0, maximum: 1, description }));
const Hours = (description: string) => Nullable(Type.Number({ minimum: 0, description }));
/** How appeals recorded with their text and reviewer ended, and how long they took (src/services/appeal-stats.ts). */
const AppealAnswers = {
  upheld: Count('Appeals decided with the same outcome and restrictions'),
  modified: Count('Appeals decided with the same outcome but other restrictions'),
  answer_median_hours: Hours('Median hours from an appeal to the decision that answered it'),
  answer_p90_hours: Hours('90th percentile of the same (linear interpolation)'),
};
const ByMonth = Type.Array(Count(), { description: 'One count per entry of `months`, in the same order' });
const Service = {
  platform: Type.String({ description: 'A service of the registry (GET /api/v1/public/services)' }),
  name: Type.String({ description: 'Its name in the registry' }),
};

const OutcomeCounts = Type.Object(Object.fromEntries(DECISION_OUTCOME_KINDS.map((k) => [k, Count()])) as Record<DecisionOutcomeKind, TInteger>, {
  description: 'Decisions of each kind (see decisions_by_outcome)',
});

export const PublicStatsCharts = Type.Object({
  generated_at: DateTime,
  time_zone: Type.String({ description: 'Months are this time zone’s (Asia/Ho_Chi_Minh)' }),
  months: Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}$' }), { description: 'The last 12 months, the current one included, oldest first (YYYY-MM)' }),
  requests_by_authority: Type.Object(
    {
      authorities: Type.Array(
        Type.Object({
          name: Type.String({ description: 'The authority as its published requests name it (organizations’ names are public; anything personal in one is redacted)' }),
          by_month: ByMonth,
          total: Count(),
        }),
        { description: 'Authorities with at least one request in the months, most requests first' },
      ),
      by_month: ByMonth,
      total: Count(),
    },
    { description: 'Notices sent by competent authorities (each notice once, whatever number of platforms it reached), by the month it was received' },
  ),
  decisions_by_outcome: Type.Object(
    {
      outcomes: Type.Array(StringEnum(DECISION_OUTCOME_KINDS), {
        description:
          'The kinds, in order of precedence: a decision is counted once, under the first that applies (content removed; access disabled; another restriction of its visibility; only the account, payments or service restricted; no action)',
      }),
      platforms: Type.Array(Type.Object({ ...Service, by_outcome: OutcomeCounts, total: Count() }), { description: 'Services with at least one decision' }),
      by_outcome: OutcomeCounts,
      total: Count(),
    },
    { description: 'Every decision taken (statements of reasons and no-action decisions, decisions on appeals included), by service' },
  ),
  time_to_decision: Type.Object(
    {
      deadline_hours: Type.Integer({ description: 'The deadline authority requests are held to (Decree 147/2024/NĐ-CP): 24' }),
      platforms: Type.Array(
        Type.Object({
          ...Service,
          answered: Count('Authority requests the platform answered (cases, judged on their latest answer)'),
          median_hours: Hours('Median hours from the start of the clock to the decision'),
          p90_hours: Hours('90th percentile of the same (linear interpolation)'),
        }),
        { description: 'Services that answered at least one authority request' },
      ),
    },
    { description: 'Time to decision on authority requests, to compare with their deadline' },
  ),
  overdue: Type.Object(
    {
      platforms: Type.Array(
        Type.Object({
          ...Service,
          onboarded: Type.Boolean({ description: 'An organization answers for it' }),
          with_deadline: Count('Cases with a deadline, answered or awaiting an answer'),
          answered_late: Count('Of those, answered after their deadline'),
          open_overdue: Count('Of those, awaiting an answer past their deadline now'),
          share: Share('(answered_late + open_overdue) / with_deadline; null when with_deadline is 0'),
        }),
        { description: 'Services with at least one case with a deadline' },
      ),
      total: Type.Object({ with_deadline: Count(), answered_late: Count(), open_overdue: Count(), share: Share('The same share over every service') }),
    },
    { description: 'Deadlines missed: answered late, or still unanswered past the deadline' },
  ),
  appeals: Type.Object(
    {
      platforms: Type.Array(
        Type.Object({
          ...Service,
          appeals: Count('Appeals made against a decision'),
          decided_on_appeal: Count('Decisions the platform took on an appeal'),
          reversed: Count('Of those, decisions whose outcome (restriction or no action) differs from the decision appealed'),
          ...AppealAnswers,
        }),
        { description: 'Services with at least one appeal' },
      ),
      total: Type.Object({ appeals: Count(), decided_on_appeal: Count(), reversed: Count(), ...AppealAnswers }),
    },
    { description: 'Appeals, and reversals: a decision on an appeal with another outcome than the decision appealed (src/core/public-stats.ts)' },
  ),
});

export const RequesterStatsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'First month counted (YYYY-MM, Vietnam time); by default 11 months before `to`' })),
    to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'Last month counted (YYYY-MM); by default the current month, which is also the latest allowed' })),
  },
  { additionalProperties: false },
);

export const RequesterStats = Type.Object({
  generated_at: DateTime,
  time_zone: Type.String({ description: 'Months are this time zone’s (Asia/Ho_Chi_Minh)' }),
  from: Type.String({ description: 'First month counted (YYYY-MM)' }),
  to: Type.String({ description: 'Last month counted (YYYY-MM), inclusive' }),
  kinds: Type.Array(StringEnum(REQUESTER_KINDS), { description: 'The kinds of requester listed, in the order of the rows; never public reporters, who are private persons' }),
  requesters: Type.Array(
    Type.Object({
      kind: StringEnum(REQUESTER_KINDS),
      name: Type.String({ description: 'As its published notices name it (anything personal in it redacted); organizations published under the same name and kind are one row' }),
      notices: Count('Notices it sent in the window'),
      items: Count('Their items (URLs)'),
      cases: Count('The cases those items are on, each once'),
      decided_cases: Count('Of those cases, with a decision'),
      acted_cases: Count('Of those, whose latest decision restricted the content'),
      acted_share: Share('acted_cases / decided_cases; null when nothing is decided'),
      answered: Count('Notice-and-case pairs with a decision taken after the notice (those timed below)'),
      median_hours: Hours('Median hours from a notice to the first decision on its case after it'),
      p90_hours: Hours('90th percentile of the same (linear interpolation)'),
      appeals_against: Count('Decisions on appeal against a restriction on its cases (a decision that granted its request)'),
      appeals_won_against: Count('Of those, reversals to no action (src/core/public-stats.ts): appeals won against its requests'),
    }),
    { description: 'One row per requester with at least one notice in the window: authorities, then trusted flaggers, then rights holders; most notices first' },
  ),
});
