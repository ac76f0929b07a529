import { Type, type Static } from '@sinclair/typebox';
import { CASE_ACTIONS, CASE_STATUSES } from '../../core/case-state.ts';
import { STATEMENT_CATEGORIES } from '../../core/dsa.ts';
import { AnyObject, DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';
import { NoticeView } from './notice.schemas.ts';
import { NoticeUpdates } from './notice-update.schemas.ts';
import { ServiceSlug } from './service.schemas.ts';
import { StatementLinkSummary } from './statement.schemas.ts';
import { AppealWriting, CaseAppealView } from './appeal.schemas.ts';
import { HashListMatch } from './hash-list.schemas.ts';

const listFilters = {
  platform: Type.Optional(ServiceSlug),
  status: Type.Optional(StringEnum(CASE_STATUSES)),
  category: Type.Optional(StringEnum(STATEMENT_CATEGORIES)),
  overdue: Type.Optional(Type.Boolean({ description: 'true: only cases past their deadline while an answer is owed' })),
};

const queueFilters = {
  assigned_to: Type.Optional(
    Type.String({
      maxLength: 36,
      description: 'me (the person signed in), nobody, or a person id of your organization: whom your organization gave the case to',
    }),
  ),
  sort: Type.Optional(StringEnum(['newest', 'deadline'] as const, { description: 'newest first (default), or the soonest deadline first (cases without one last)' })),
};

export const UnassignedCaseQuery = Type.Object({ ...listFilters, ...queueFilters, ...PageQuery }, { additionalProperties: false });

export const CaseCountQuery = Type.Object(
  { platform: listFilters.platform, category: listFilters.category, assigned_to: queueFilters.assigned_to },
  { additionalProperties: false },
);

export const CaseCounts = Type.Object({
  total: Type.Integer({ description: 'Cases in the list (merged ones aside)' }),
  by_status: Type.Record(Type.String(), Type.Integer()),
  open: Type.Integer({ description: 'Cases waiting for an answer (received, in review, appealed)' }),
  overdue: Type.Integer({ description: 'Open cases past their deadline' }),
  due_soon: Type.Integer({ description: 'Open cases in the last share of their window (the SLA policy’s due_soon_remaining_percent)' }),
  assigned_to_me: Nullable(Type.Integer({ description: 'Open cases assigned to the person signed in (null for an API key)' })),
  unassigned_open: Type.Integer({ description: 'Open cases nobody of your organization has' }),
});

export const AssigneeInput = Type.Object(
  { person_id: Nullable(Type.String({ maxLength: 36, description: 'A reviewer or admin of your organization; null takes the case back' })) },
  { additionalProperties: false },
);

const Assignee = Nullable(Type.Object({ id: Type.String(), display_name: Type.String() }), { description: 'Who in your organization has the case' });

export const AssigneeList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), display_name: Type.String(), role: StringEnum(['admin', 'reviewer'] as const) }), {
    description: 'The active people of your organization who may work on a case (reviewers and admins)',
  }),
});

export const Assignment = Type.Object({ case_id: Type.String(), assignee: Assignee, assigned_at: Nullable(DateTime) });

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
    ...queueFilters,
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
  due_soon_at: Type.Optional(Nullable(DateTime, { description: 'When an open case becomes due soon under the SLA policy (lists and the case page)' })),
  overdue: Type.Boolean(),
  assignee: Type.Optional(Assignee),
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
  short_links: Type.Optional(
    Type.Array(
      Type.Object({
        url: Type.String({ description: 'The short or share link, canonical (fb.watch/…, facebook.com/share/…, vt.tiktok.com/…)' }),
        status: Type.Union([Type.Literal('pending'), Type.Literal('resolved'), Type.Literal('unresolvable')]),
        target_url: Nullable(Type.String({ description: 'Where the platform said it leads (canonical); resolved only' })),
        reason: Nullable(
          Type.String({
            description:
              'Unresolvable: why (not_found, login_wall, other_site, not_content, no_target, too_many_hops, refused, invalid_redirect, gave_up); pending: the last failure',
          }),
        ),
        outcome: Nullable(
          Type.String({
            description: 'What was done: joined (merged into the target’s case), linked (a duplicate of an acted-on case), rekeyed (the case took the target’s URL), marked',
          }),
        ),
        case_id: Type.String({ description: 'The case opened for the link' }),
        joined_case_id: Nullable(Type.String({ description: 'The target’s case it joined or was linked to' })),
        resolved_at: Nullable(DateTime),
      }),
      { description: 'Short links the platform had to expand: the one this case was opened for, and those of cases that joined it' },
    ),
  ),
  notices: Type.Array(
    Type.Object({
      ...NoticeView.properties,
      submitter: Type.Object({ id: Type.String(), kind: Type.String(), name: Type.String() }),
      ...NoticeUpdates.properties,
    }),
    {
      description:
        'A platform sees every notice; a submitter only its own. Items are those of this case. An item’s `url` is the URL as its submitter sent it on your own notices only; on others’ it is the canonical URL.',
    },
  ),
  decisions: Type.Array(
    Type.Object({
      id: Type.String(),
      outcome: Type.String(),
      puid: Nullable(Type.String()),
      created_at: DateTime,
      public_record_id: Nullable(Type.String()),
      statement: AnyObject,
      affected_user_statement_links: Type.Optional(
        Type.Array(StatementLinkSummary, {
          description: "The platform's view only: each link to the affected user's statement, whether it was opened or revoked (never its token)",
        }),
      ),
    }),
  ),
  appeals: Type.Array(CaseAppealView, { description: 'Appeals of the case’s decisions: the platform sees them all (with the affected user’s text), a submitter its own' }),
  hash_list_matches: Type.Optional(
    Type.Array(HashListMatch, {
      description:
        'Images of the case whose PDQ hash is within 31 bits of an entry of an imported hash list (ThreatExchange, HMA): the list, its closest entry’s labels, the distance; one per list and image, closest first. Never public',
    }),
  ),
  related_cases: Type.Optional(
    Type.Array(
      Type.Object({
        case_id: Type.String(),
        level: Type.String(),
        score: Type.Number(),
        basis: Type.Union([Type.Literal('text'), Type.Literal('image'), Type.Literal('short_link')], {
          description: 'What the match was found on: the texts, the pictures (PDQ), or a short link resolving to the same place',
        }),
        distance: Type.Optional(Type.Integer({ minimum: 0, maximum: 256, description: 'For a match on pictures: how many of the 256 PDQ bits differ (0: the same picture)' })),
        platform: Type.String(),
        status: Type.String(),
        dismissed_at: Nullable(DateTime, {
          description: 'When your platform marked it not a duplicate (POST /cases/{id}/related/{related_id}); null: still a suggestion',
        }),
      }),
      {
        description:
          'Cases with a near-duplicate (duplicate) or similar text (platform view only): open suggestions first, then those marked not a duplicate. Confirm or reject one with POST /api/v1/cases/{id}/related/{related_id}.',
      },
    ),
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
    // With `appeal` only: what the appellant says, kept on the appeal for the platform (appeal.schemas.ts).
    ...AppealWriting,
  },
  { additionalProperties: false },
);
