import { Type, type Static } from '@sinclair/typebox';
import { CASE_ACTIONS, CASE_STATUSES } from '../../core/case-state.ts';
import { STATEMENT_CATEGORIES } from '../../core/dsa.ts';
import { AnyObject, DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';
import { NoticeView } from './notice.schemas.ts';
import { ServiceSlug } from './service.schemas.ts';

const listFilters = {
  platform: Type.Optional(ServiceSlug),
  status: Type.Optional(StringEnum(CASE_STATUSES)),
  category: Type.Optional(StringEnum(STATEMENT_CATEGORIES)),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only cases past their deadline while an answer is owed' })),
};

export const UnassignedCaseQuery = Type.Object({ ...listFilters, ...PageQuery }, { additionalProperties: false });

export const CaseListQuery = Type.Object(
  {
    platform: listFilters.platform,
    status: Type.Optional(StringEnum(CASE_STATUSES)),
    category: Type.Optional(StringEnum(STATEMENT_CATEGORIES)),
    overdue: Type.Optional(Type.Boolean({ description: 'true: only cases past their deadline while an answer is owed' })),
    updated_since: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'Polling: only cases changed at or after this time (merged ones included), oldest change first. Page with next_cursor; the last page gives poll_from, the updated_since of the next poll.',
      }),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const caseFields = {
  id: Type.String(),
  content_key: Type.String({ description: 'What the content is, e.g. youtube:video:dQw4w9WgXcQ; the same for every URL form of it' }),
  platform: Type.String({ description: 'The service the content is on (GET /api/v1/public/services): facebook, zalo…, or a website by its domain' }),
  canonical_url: Type.String({
    description: 'The content’s canonical URL: its query keeps only the parameters that identify the content on its platform, never a reporter’s tokens or sessions',
  }),
  status: StringEnum(CASE_STATUSES),
  merged_into: Nullable(Type.String({ description: 'The case this one joined as a duplicate (status merged)' })),
  category: Type.String(),
  notice_count: Type.Optional(Type.Integer({ description: 'platform view and the unassigned queue only' })),
  authority_request: Type.Optional(Type.Boolean({ description: 'platform view and the unassigned queue only' })),
  due_at: Nullable(DateTime),
  overdue: Type.Boolean(),
  decided_at: Nullable(DateTime),
  created_at: DateTime,
  updated_at: DateTime,
};

export const CaseSummary = Type.Object(caseFields);
export const CaseList = Type.Object({
  items: Type.Array(CaseSummary),
  next_cursor: Nullable(Type.String()),
  poll_from: Type.Optional(
    Type.String({
      format: 'date-time',
      description: 'With updated_since, on the last page: where the next poll starts. It lags a minute behind now, so a change committed late is re-read, never missed.',
    }),
  ),
});

export const CaseDetail = Type.Object({
  ...caseFields,
  locations: Type.Array(
    Type.Object({
      content_key: Type.String(),
      canonical_url: Type.String(),
      merged_case_id: Nullable(Type.String()),
      score: Nullable(Type.Number()),
    }),
    { description: "Where the content is: the case's own canonical URL first, then those of duplicate cases merged into it (canonical too)" },
  ),
  notices: Type.Array(Type.Object({ ...NoticeView.properties, submitter: Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String() }) }), {
    description:
      'A platform sees every notice; a submitter only its own. Items are those of this case. An item’s `url` is the URL as its submitter sent it on your own notices only; on others’ it is the canonical URL.',
  }),
  decisions: Type.Array(
    Type.Object({
      id: Type.String(),
      outcome: Type.String(),
      puid: Nullable(Type.String()),
      created_at: DateTime,
      public_record_id: Nullable(Type.String()),
      statement: AnyObject,
    }),
  ),
  related_cases: Type.Optional(
    Type.Array(Type.Object({ case_id: Type.String(), level: Type.String(), score: Type.Number(), platform: Type.String(), status: Type.String() }), {
      description: 'Cases with a near-duplicate (duplicate) or similar text (platform view only)',
    }),
  ),
  timeline: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String(),
        at: DateTime,
        type: Type.String(),
        actor: Nullable(
          Type.Object({
            id: Type.String(),
            kind: Nullable(Type.String()),
            name: Nullable(Type.String()),
            // Only members of the acting organization learn who acted for it; others see the organization.
            person: Type.Optional(
              Type.Union([Type.Object({ id: Type.String(), display_name: Type.String() }), Type.Null()], {
                description: 'The person who acted (your organization’s actions only)',
              }),
            ),
            key: Type.Optional(
              Type.Union([Type.Object({ id: Type.String(), name: Nullable(Type.String()), prefix: Type.String() }), Type.Null()], {
                description: 'The API key that acted (your organization’s actions only)',
              }),
            ),
          }),
        ),
        data: AnyObject,
      }),
      { description: 'Audit trail: who did what, when (platform view only)' },
    ),
  ),
});

export const CaseActionInput = Type.Object(
  {
    action: StringEnum(CASE_ACTIONS.filter((a) => a !== 'decide') as ['start_review', 'appeal', 'close', 'reopen'], {
      description: 'Decisions are recorded with POST /cases/{id}/decisions',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
