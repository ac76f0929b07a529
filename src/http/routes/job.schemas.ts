import { Type } from '@sinclair/typebox';
import { DateTime } from '../schema.ts';

export const OutboxStatus = Type.Object({
  undispatched_events: Type.Integer({ description: 'Events not yet turned into jobs' }),
  lag_seconds: Type.Number({ description: 'Age of the oldest of them: how far behind the worker is' }),
  pending_jobs: Type.Integer({ description: 'Jobs waiting to run or to be retried' }),
  parked_jobs: Type.Integer({ description: 'Jobs that failed every attempt and wait for an operator' }),
});

export const ParkedJob = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'The handler: webhook, email, …' }),
  event_id: Type.Union([Type.String(), Type.Null()]),
  event_type: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('parked')]),
  attempts: Type.Integer(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: DateTime,
  finished_at: Type.Union([DateTime, Type.Null()]),
});

export const ParkedJobPage = Type.Object({ items: Type.Array(ParkedJob, { description: 'Newest first' }), next_cursor: Type.Union([Type.String(), Type.Null()]) });

export const RetriedJob = Type.Object({ id: Type.String(), status: Type.Literal('pending') });
