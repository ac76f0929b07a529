import { Type } from '@sinclair/typebox';
import { DUPLICATE_DECISIONS } from '../../core/duplicate-review.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';
import { CaseSummary } from './case.schemas.ts';

export const RelatedCaseParams = Type.Object({
  id: Type.String({ description: 'UUID of the case the reviewer is looking at' }),
  related_id: Type.String({ description: 'UUID of one of its related_cases (GET /api/v1/cases/{id})' }),
});

export const RelatedCaseReviewInput = Type.Object(
  {
    decision: StringEnum(DUPLICATE_DECISIONS, {
      description:
        'duplicate: the same content, so the two cases are merged (the one under review survives, else the older); not_duplicate: the link stays, marked dismissed, and is no longer suggested',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: "The reviewer's note, shown on the cases' timelines (never sent out in events)" })),
  },
  { additionalProperties: false },
);

export const RelatedCaseReviewResult = Type.Object(
  {
    decision: StringEnum(DUPLICATE_DECISIONS),
    case_id: Type.String({ description: 'The case in the path' }),
    related_case_id: Type.String(),
    merge: Nullable(
      Type.Object({
        from: Type.String({ description: 'The case merged away (status merged, merged_into = into)' }),
        into: Type.String({ description: 'The surviving case, which now holds the notices of both' }),
        notice_items: Type.Integer({ description: 'Notice items moved' }),
      }),
      { description: 'duplicate only' },
    ),
    dismissed_at: Nullable(DateTime, { description: 'not_duplicate only: when the link was dismissed' }),
    case: CaseSummary,
  },
  { description: 'case: after duplicate the surviving case (go there), after not_duplicate the case in the path' },
);
