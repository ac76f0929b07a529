import { Type } from '@sinclair/typebox';
import { APPEAL_STATUSES, APPELLANTS, MAX_APPEAL_TEXT } from '../../core/appeal.ts';
import { APPEAL_OUTCOMES } from '../../core/appeal-outcome.ts';
import { MAX_EVIDENCE_URLS } from '../../core/notice-addition.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

/** Loose bounds only: checkAppealInput (core/appeal.ts) names each bad field with the real rule. */
export const AppealWriting = {
  text: Type.Optional(Type.String({ maxLength: MAX_APPEAL_TEXT * 2, description: `Why the decision is wrong (at most ${MAX_APPEAL_TEXT} characters)` })),
  urls: Type.Optional(
    Type.Array(Type.String({ maxLength: 4096 }), {
      maxItems: MAX_EVIDENCE_URLS * 2,
      description: `Up to ${MAX_EVIDENCE_URLS} links (http or https, no user name or password), kept as sent; shown to the platform only`,
    }),
  ),
};

export const PublicAppealInput = Type.Object(AppealWriting, { additionalProperties: false });

/** An appeal as the affected user sees it on the statement page: its course, not its text. */
export const LinkAppealView = Type.Object({
  id: Type.String(),
  status: StringEnum(APPEAL_STATUSES),
  created_at: DateTime,
  due_at: DateTime,
  outcome: Nullable(StringEnum(APPEAL_OUTCOMES)),
  decided_at: Nullable(DateTime),
  outcome_record_id: Nullable(Type.String({ description: 'The new statement of reasons in the transparency database' })),
});

/** An appeal on the case (GET /cases/{id}): the platform sees them all, a submitter its own. */
export const CaseAppealView = Type.Object({
  id: Type.String(),
  decision_id: Type.String({ description: 'The decision appealed' }),
  appellant: StringEnum(APPELLANTS),
  appellant_org: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  text: Type.String({ description: 'Never published; the affected user’s text is shown to the platform only' }),
  urls: Type.Array(Type.String()),
  created_at: DateTime,
  due_at: DateTime,
  assignee: Type.Optional(Nullable(Type.Object({ id: Type.String(), display_name: Type.String() }), { description: 'The platform’s view only' })),
  status: StringEnum(APPEAL_STATUSES),
  outcome: Nullable(StringEnum(APPEAL_OUTCOMES)),
  outcome_decision_id: Nullable(Type.String()),
  outcome_record_id: Nullable(Type.String()),
  decided_at: Nullable(DateTime),
});

export const AppealReviewerInput = Type.Object(
  { person_id: Type.String({ description: 'A reviewer or admin of your organization who did not decide the decision appealed' }) },
  { additionalProperties: false },
);

export const AppealReviewer = Type.Object({
  appeal_id: Type.String(),
  case_id: Type.String(),
  assignee: Type.Object({ id: Type.String(), display_name: Type.String() }),
  assigned_at: DateTime,
});
