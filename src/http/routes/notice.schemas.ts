import { Type, type Static } from '@sinclair/typebox';
import { CASE_STATUSES } from '../../core/case-state.ts';
import { CATEGORY_SPECIFICATIONS, STATEMENT_CATEGORIES } from '../../core/dsa.ts';
import { MAX_DATA_URL_LENGTH, MAX_IMAGES_PER_ITEM, MAX_IMAGES_PER_NOTICE } from '../../core/notice-images.ts';
import { DECISION_OUTCOME_KINDS } from '../../core/public-stats.ts';
import { URGENCIES } from '../../core/sla.ts';
import { AnyObject, DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';

export const NoticeItemInput = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'Where the content is; variants of the same URL join the same case' }),
    text: Type.Optional(Type.String({ maxLength: 20_000, description: 'A copy of the content, in case it is changed or removed' })),
    images: Type.Optional(
      Type.Array(
        Type.Object(
          {
            data_url: Type.String({
              minLength: 1,
              maxLength: MAX_DATA_URL_LENGTH,
              description: 'data:image/jpeg;base64,… (JPEG, PNG or WebP, at most 10 MB decoded and 64 megapixels)',
            }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_IMAGES_PER_ITEM,
          description: `Pictures of the content (screenshots). At most ${MAX_IMAGES_PER_NOTICE} per notice; POST /api/v1/notices only (not batches). Never published: the public record says only how many were attached.`,
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const NoticeInput = Type.Object(
  {
    category: StringEnum(STATEMENT_CATEGORIES, { description: 'DSA statement category' }),
    category_specification: Type.Optional(Type.Array(StringEnum(CATEGORY_SPECIFICATIONS), { maxItems: 20 })),
    items: Type.Array(NoticeItemInput, { minItems: 1, maxItems: 100 }),
    explanation: Type.String({ minLength: 1, maxLength: 5000, description: 'Why the content is unlawful or harmful' }),
    legal_basis: Type.Optional(
      Type.Object(
        {
          instrument: Type.String({ minLength: 1, maxLength: 300, examples: ['Nghị định 147/2024/NĐ-CP'] }),
          provision: Type.Optional(Type.String({ maxLength: 300, examples: ['Điều 24'] })),
          reference_url: Type.Optional(Type.String({ maxLength: 500, format: 'uri' })),
        },
        { additionalProperties: false, description: 'Required when the submitter is an authority' },
      ),
    ),
    content_language: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', description: 'ISO 639-1, e.g. vi' })),
    urgency: Type.Optional(StringEnum(URGENCIES)),
  },
  { additionalProperties: false, $id: 'NoticeInput' },
);
export type NoticeInputBody = Static<typeof NoticeInput>;

export const NoticeBatchInput = Type.Object(
  {
    notices: Type.Array(Type.Unknown({ description: 'A NoticeInput' }), {
      minItems: 1,
      maxItems: 100,
      description: 'Each item is a NoticeInput, checked on its own: a bad item is rejected alone',
    }),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A retried request with the same key returns the first answer' })),
});

const JoinedCase = Type.Object({
  id: Type.String(),
  content_key: Type.String(),
  platform: Type.String({ description: 'The service the content is on (GET /api/v1/public/services): facebook, zalo…, or a website by its domain' }),
  canonical_url: Type.String(),
  created: Type.Boolean({ description: 'true when this notice opened the case' }),
  platform_onboarded: Type.Boolean({
    description: 'false when no organization answers for the service yet: the case is in the unassigned queue, and the registry’s contact address (if any) is e-mailed',
  }),
  status: StringEnum(CASE_STATUSES, { description: 'The case status once this notice joined it' }),
  reopened: Type.Boolean({
    description: "true when this notice reopened a case the platform had answered without restricting anything: it is back in review, on this notice's deadline",
  }),
  existing_decision: Type.Optional(
    Type.Object(
      { id: Type.String(), outcome: StringEnum(['restriction', 'no_action'] as const), decided_at: DateTime },
      { description: 'Present when the case was already decided and stays so: this decision answers the notice (see GET /api/v1/cases/{id})' },
    ),
  ),
});

export const AcceptedNotice = Type.Object({ id: Type.String(), received_at: DateTime, due_at: DateTime, cases: Type.Array(JoinedCase) });

const FieldErrorSchema = Type.Object({ field: Type.String(), message: Type.String() });

export const BatchResult = Type.Object({
  accepted: Type.Integer(),
  repeats: Type.Integer(),
  rejected: Type.Integer(),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      status: StringEnum(['accepted', 'repeat', 'rejected'] as const),
      notice: Type.Optional(AcceptedNotice),
      existing_id: Type.Optional(Type.String()),
      errors: Type.Optional(Type.Array(FieldErrorSchema)),
    }),
  ),
});

/** The answer to a notice, per item: src/core/notice-outcome.ts. */
const ItemOutcome = Type.Object(
  {
    decision_id: Type.String(),
    outcome: StringEnum(['restriction', 'no_action'] as const),
    decided_at: DateTime,
    public_record_id: Nullable(Type.String({ description: 'The decision as the transparency database publishes it (GET /api/v1/public/records/{id})' })),
    decision_visibility: Type.Array(Type.String(), { description: 'DSA decision_visibility codes of the decision; [] for no action' }),
    kind: StringEnum(DECISION_OUTCOME_KINDS, { description: 'What the decision did, as the public statistics count it (GET /api/v1/public/stats/charts)' }),
  },
  {
    description:
      "The latest decision on the item's case; null while the case awaits its answer (never decided, or back in review after a decision). An appealed case keeps its decision until the platform decides on the appeal.",
  },
);

/** An image attached to an item, as those who may see the notice see it (never public). */
export const NoticeItemImage = Type.Object({
  sha256: Type.String({ description: 'SHA-256 of the bytes (lowercase hex): the image’s address' }),
  mime: StringEnum(['image/jpeg', 'image/png', 'image/webp'] as const),
  bytes: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
  url: Type.String({ description: 'GET it with the same credentials: /api/v1/images/{sha256}' }),
});

export const NoticeView = Type.Object({
  id: Type.String(),
  category: Type.String(),
  category_specification: Type.Array(Type.String()),
  explanation: Type.String(),
  legal_basis: Nullable(AnyObject),
  content_language: Nullable(Type.String()),
  urgency: Type.String(),
  due_at: DateTime,
  received_at: DateTime,
  items: Type.Array(
    Type.Object({
      position: Type.Integer(),
      case_id: Type.String(),
      url: Type.String(),
      text: Nullable(Type.String()),
      case_status: StringEnum(CASE_STATUSES, { description: "The status of the item's case now" }),
      outcome: Nullable(ItemOutcome),
      images: Type.Array(NoticeItemImage, { description: 'Images attached to the item, in the order sent; [] when none' }),
    }),
  ),
});

export const NoticeListQuery = Type.Object(PageQuery, { additionalProperties: false });
export const NoticeList = Type.Object({ items: Type.Array(NoticeView), next_cursor: Nullable(Type.String()) });
