import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../schema.ts';

export const MatchInput = Type.Object(
  {
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 200_000, description: 'A post, or a pasted page (its article is extracted)' })),
    html: Type.Optional(Type.String({ minLength: 1, maxLength: 5 * 1024 * 1024, description: 'A saved web page; never fetched, never run' })),
  },
  { additionalProperties: false, description: 'Exactly one of url, text, html' },
);

export const MatchResult = Type.Object({
  canonical: Nullable(
    Type.Object({ platform: Type.String(), kind: Type.Optional(Type.String()), id: Type.Optional(Nullable(Type.String())), canonical_url: Type.String(), content_key: Type.String() }),
  ),
  title: Nullable(Type.String()),
  text: Nullable(Type.String()),
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
  ),
});
