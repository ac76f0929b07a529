import { Type } from '@sinclair/typebox';

const Size = Type.String({ pattern: '^(0|[1-9][0-9]{0,15})$', description: 'a tree size' });

export const ConsistencyQuery = Type.Object({ old: Size, new: Type.Optional(Size) }, { additionalProperties: false });

export const TileParams = Type.Object({ '*': Type.String() });

export const TextBody = Type.String();

export const LogStatusBody = Type.Object(
  {
    origin: Type.Union([Type.String(), Type.Null()], { description: "the log's name in its checkpoints" }),
    size: Type.Integer({ minimum: 0, description: 'entries in the latest signed checkpoint' }),
    checkpoint_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when that checkpoint was signed' }),
    pending: Type.Integer({ minimum: 0, description: 'published records not yet in a signed checkpoint' }),
    oldest_pending_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'publication time of the oldest of them' }),
    lag_seconds: Type.Number({ minimum: 0, description: 'how long the oldest of them has waited (0 when none waits)' }),
  },
  { additionalProperties: false },
);
