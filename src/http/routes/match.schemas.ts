import { Type } from '@sinclair/typebox';
import { MAX_HTML_BYTES, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from '../../text/html-limits.ts';
import { Nullable, StringEnum } from '../schema.ts';

/**
 * Room for a page at the HTML limit (2 MB) written as a JSON string, whose escapes ("\"", "\n")
 * make it longer: such a page still reaches the check that names the field.
 */
export const MATCH_BODY_LIMIT = 2 * MAX_HTML_BYTES;

const PAGE_LIMITS =
  `At most ${MAX_HTML_BYTES} bytes of UTF-8 (413), ${MAX_HTML_ELEMENTS} elements (413) and about ${MAX_HTML_DEPTH} levels of nesting (422); ` +
  'a page that cannot be parsed within the time budget is refused with 422. Each names the field.';

export const MatchInput = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 200_000, description: `A post, or a pasted page (its article is extracted). Pasted HTML: ${PAGE_LIMITS}` })),
    // No maxLength: the limit is in bytes, checked by the service (413 naming the field), not in characters.
    html: Type.Optional(Type.String({ minLength: 1, description: `A saved web page; never fetched, never run. ${PAGE_LIMITS}` })),
  },
  { additionalProperties: false, description: 'Exactly one of url, text, html' },
);

export const MatchResult = Type.Object({
  canonical: Nullable(
    Type.Object({
      platform: Type.String(),
      kind: Type.Optional(Type.String()),
      id: Type.Optional(Nullable(Type.String())),
      canonical_url: Type.String(),
      content_key: Type.String(),
    }),
  ),
  title: Nullable(Type.String()),
  text: Nullable(Type.String()),
  already_reported: Type.Boolean({
    description: 'Whether any case, whoever reported it, holds this URL or a near-duplicate (≥ 0.8) of this text. Of cases you may not see, this is all you learn.',
  }),
  matches: Type.Array(
    Type.Object({
      case_id: Type.String(),
      platform: Type.String(),
      status: Type.String(),
      category: Type.String(),
      score: Type.Number({ description: 'Jaccard similarity of the texts (1 for the same URL or text)' }),
      level: StringEnum(['duplicate', 'similar'] as const),
      matched_by: StringEnum(['url', 'text'] as const),
    }),
    { description: 'The matching cases you may see (a platform: those on its platform; a submitter: those its notices joined), best first, at most 50' },
  ),
});
