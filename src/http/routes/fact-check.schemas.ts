import { Type } from '@sinclair/typebox';
import { FACT_CHECK_VERDICTS, MAX_FACT_CHECK_CLAIM, MAX_FACT_CHECK_EXPLANATION, MAX_FACT_CHECK_SOURCES, MAX_SOURCE_URL_LENGTH } from '../../core/fact-check.ts';
import { AnyObject, DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';

/**
 * The shape only; the rules (lengths, URLs, the verdict's values) are src/core/fact-check.ts's,
 * which names every bad field at once (`sources[2]`). The bounds here only stop absurd bodies.
 */
export const FactCheckInput = Type.Object(
  {
    verdict: Type.String({ maxLength: 100, description: `One of ${FACT_CHECK_VERDICTS.join(', ')}` }),
    explanation: Type.String({
      maxLength: 4 * MAX_FACT_CHECK_EXPLANATION,
      description: `Why, for the public: 1 to ${MAX_FACT_CHECK_EXPLANATION} characters, published (personal data redacted)`,
    }),
    sources: Type.Array(Type.String({ maxLength: 2 * MAX_SOURCE_URL_LENGTH }), {
      maxItems: 5 * MAX_FACT_CHECK_SOURCES,
      description: `1 to ${MAX_FACT_CHECK_SOURCES} http(s) URLs the verdict rests on, published canonical (tracking parameters dropped; a social network's page shown as host and kind of page only)`,
    }),
    claim: Type.Optional(
      Nullable(Type.String({ maxLength: 4 * MAX_FACT_CHECK_CLAIM, description: `The claim as checked, at most ${MAX_FACT_CHECK_CLAIM} characters; published` })),
    ),
  },
  { additionalProperties: false },
);

export const FactCheck = Type.Object({
  id: Type.String(),
  case_id: Type.String(),
  verdict: StringEnum(FACT_CHECK_VERDICTS),
  claim: Nullable(Type.String()),
  explanation: Type.String(),
  sources: Type.Array(Type.String()),
  fact_checker: Type.Object({ id: Type.String(), name: Type.String() }),
  current: Type.Optional(Type.Boolean({ description: "Whether this is the fact-checker's latest verdict on the case (a later one supersedes it)" })),
  public_record_id: Type.String({ description: 'The published record (type fact_check)' }),
  created_at: DateTime,
});

export const FactCheckList = Type.Object({ items: Type.Array(FactCheck) });

export const PublicFactCheckQuery = Type.Object(
  {
    case_id: Type.Optional(Type.String({ description: 'Only verdicts on this case' })),
    verdict: Type.Optional(StringEnum(FACT_CHECK_VERDICTS)),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const ClaimReviewDocument = Type.Object(
  {
    '@context': Type.Literal('https://schema.org'),
    '@graph': Type.Array(AnyObject, { description: 'schema.org ClaimReview nodes, newest first' }),
    next_cursor: Nullable(Type.String()),
  },
  { description: 'JSON-LD (application/ld+json): published verdicts as schema.org ClaimReview' },
);
