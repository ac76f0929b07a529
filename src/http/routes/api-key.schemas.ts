import { Type } from '@sinclair/typebox';
import { DateTime, Nullable } from '../schema.ts';

export const OwnKeyInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, description: 'What the key is for (a system, a colleague), so the right one is revoked later' }) },
  { additionalProperties: false },
);

/** One of the organization's API keys: never the key or its hash. */
export const OwnKey = Type.Object({
  id: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  name: Nullable(Type.String()),
  created_at: DateTime,
  last_used_at: Nullable(Type.String({ format: 'date-time', description: 'To the minute: recorded at most once a minute' })),
  revoked_at: Nullable(DateTime),
  current: Type.Boolean({ description: 'true for the key this request was made with' }),
});

export const OwnKeyList = Type.Object({ items: Type.Array(OwnKey, { description: 'Oldest first, revoked ones included' }) });

export const CreatedOwnKey = Type.Object({
  ...OwnKey.properties,
  api_key: Type.String({ description: 'The key, shown this once: only its hash is stored' }),
});
