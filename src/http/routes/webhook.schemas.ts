import { Type } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../core/events.ts';
import { DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';

export const EndpointInput = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description:
        'Where deliveries are POSTed: http or https, no credentials, no fragment; refused if it resolves to a private, loopback, link-local or other non-public address (checked again at every delivery)',
    }),
    event_types: Type.Array(StringEnum(EVENT_TYPES), { minItems: 1, maxItems: EVENT_TYPES.length, uniqueItems: true, description: 'The events this endpoint receives' }),
  },
  { additionalProperties: false },
);

const SecretDates = Type.Array(Type.Object({ created_at: DateTime, expires_at: Nullable(DateTime) }), {
  description: 'The live signing secrets (never their value): the newest first; during a rotation the previous one, until it expires',
});

export const EndpointView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  event_types: Type.Array(Type.String()),
  created_at: DateTime,
  disabled_at: Nullable(DateTime),
  disabled_reason: Nullable(Type.String()),
  last_success_at: Nullable(DateTime),
  failing_since: Nullable(Type.String({ format: 'date-time', description: 'The first failure since the last success; after 5 days of failures the endpoint is disabled' })),
  secrets: SecretDates,
});

export const CreatedEndpoint = Type.Object({
  ...EndpointView.properties,
  secret: Type.String({ description: 'The signing secret (whsec_…), shown this once: verify deliveries with it (Standard Webhooks)' }),
});

export const EndpointList = Type.Object({ items: Type.Array(EndpointView) });

export const RotationInput = Type.Object(
  {
    overlap_hours: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 168, default: 24, description: 'How long the previous secret keeps signing beside the new one (deliveries carry both signatures)' }),
    ),
  },
  { additionalProperties: false },
);

export const RotationResult = Type.Object({
  secret: Type.String({ description: 'The new signing secret (whsec_…), shown this once' }),
  previous_expires_at: DateTime,
});

export const DeliveryView = Type.Object({
  id: Type.String(),
  endpoint_id: Type.String(),
  event_id: Nullable(Type.String({ description: 'The webhook-id header: the same on every attempt and replay' })),
  event_type: Nullable(Type.String()),
  status: StringEnum(['pending', 'delivered', 'failed', 'skipped'] as const, {
    description: 'pending: being tried; delivered: a 2xx answer; failed: every attempt failed (or 410 Gone); skipped: not sent, the endpoint being disabled or deleted',
  }),
  next_attempt_at: Nullable(DateTime),
  created_at: DateTime,
  finished_at: Nullable(DateTime),
  attempts: Type.Array(
    Type.Object({
      at: DateTime,
      outcome: StringEnum(['success', 'failure', 'skipped'] as const),
      http_status: Nullable(Type.Integer()),
      duration_ms: Type.Integer(),
      error: Nullable(Type.String()),
      response_excerpt: Nullable(Type.String({ description: 'At most 1 KB of the answer' })),
    }),
  ),
});

export const DeliveryList = Type.Object({ items: Type.Array(DeliveryView), next_cursor: Nullable(Type.String()) });

export const DeliveryListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
