import { Type } from '@sinclair/typebox';
import { MAX_DATA_URL_LENGTH, MAX_IMAGE_BYTES } from '../../core/notice-images.ts';
import { MAX_HTML_BYTES, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from '../../text/html-limits.ts';
import { Nullable, StringEnum } from '../schema.ts';

/**
 * Room for a page at the HTML limit (2 MB) written as a JSON string, whose escapes ("\"", "\n")
 * make it longer, beside a picture at its limit as a data URL: each still reaches the check that
 * names its field.
 */
export const MATCH_BODY_LIMIT = 2 * MAX_HTML_BYTES + MAX_DATA_URL_LENGTH;

const PAGE_LIMITS =
  `At most ${MAX_HTML_BYTES} bytes of UTF-8 (413), ${MAX_HTML_ELEMENTS} elements (413) and about ${MAX_HTML_DEPTH} levels of nesting (422); ` +
  'a page that cannot be parsed within the time budget is refused with 422. Each names the field.';

export const MatchInput = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 200_000, description: `A post, or a pasted page (its article is extracted). Pasted HTML: ${PAGE_LIMITS}` })),
    // No maxLength: the limit is in bytes, checked by the service (413 naming the field), not in characters.
    html: Type.Optional(Type.String({ minLength: 1, description: `A saved web page; never fetched, never run. ${PAGE_LIMITS}` })),
    image: Type.Optional(
      Type.Object(
        {
          // No maxLength: the service measures the decoded size and answers 413 naming the field.
          data_url: Type.String({ minLength: 1, description: 'data:image/jpeg;base64,… (JPEG, PNG or WebP)' }),
        },
        {
          additionalProperties: false,
          description:
            `A picture (a screenshot, a photo from a post), alone or beside url, text or html. At most ${MAX_IMAGE_BYTES} bytes (413) and 64 megapixels (422); ` +
            'it is decoded and compared by its perceptual hash (PDQ), never stored and never fetched. A copy re-encoded, resized, watermarked in a corner or cropped by a tenth (a side, a corner or around the centre) is found.',
        },
      ),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of url, text, html; and/or image' },
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
      score: Type.Number({ description: 'Texts: Jaccard similarity (1 for the same URL or text). Pictures: the share of the 256 PDQ bits that agree (1 − distance / 256)' }),
      level: StringEnum(['duplicate', 'similar'] as const),
      matched_by: StringEnum(['url', 'text', 'image'] as const),
      basis: Type.Optional(StringEnum(['image'] as const, { description: 'Present for a match found by the picture' })),
      distance: Type.Optional(
        Type.Integer({ minimum: 0, maximum: 256, description: 'Pictures: PDQ Hamming distance to the closest picture of the case (0 = the same; 31 at most)' }),
      ),
    }),
    {
      description:
        'The matching cases you may see (a platform: those on its platform; a submitter: those its notices joined): those found by url/text/html, best first, at most 50, then those found by the picture, closest first, at most 50',
    },
  ),
});
