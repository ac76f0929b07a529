import { Type } from '@sinclair/typebox';
import { MAX_ADDITION_TEXT, MAX_EVIDENCE_URL_LENGTH, MAX_EVIDENCE_URLS } from '../../core/notice-addition.ts';
import { MAX_WITHDRAWAL_REASON } from '../../core/notice-withdrawal.ts';
import { DateTime, Nullable } from '../schema.ts';

export const NoticeAdditionInput = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: MAX_ADDITION_TEXT, description: 'What you add: new facts, where the content moved, what changed' }),
    urls: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: MAX_EVIDENCE_URL_LENGTH }), {
        maxItems: MAX_EVIDENCE_URLS,
        uniqueItems: true,
        description: 'Evidence links (http or https, no user name or password), kept as sent and shown to the platform only',
      }),
    ),
  },
  { additionalProperties: false },
);

export const NoticeAddition = Type.Object({
  id: Type.String(),
  notice_id: Type.String(),
  text: Type.String(),
  urls: Type.Array(Type.String()),
  added_at: DateTime,
  case_ids: Type.Array(Type.String(), { description: 'The cases the notice is on: each got a notice_information_added entry and a notice.updated event' }),
});

export const NoticeWithdrawalInput = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: MAX_WITHDRAWAL_REASON,
      description: 'Why you withdraw the notice, in at least 10 characters; the platform reads it on the case',
    }),
  },
  { additionalProperties: false },
);

export const NoticeWithdrawal = Type.Object({
  notice_id: Type.String(),
  withdrawn_at: DateTime,
  reason: Type.String(),
  cases: Type.Array(
    Type.Object({
      id: Type.String(),
      platform: Type.String(),
      status: Type.String({ description: 'Unchanged by a withdrawal: a decided case keeps its decision' }),
      due_at: Nullable(DateTime, { description: 'null once no notice on a case still owing its first answer remains' }),
      answer_owed: Type.Boolean({ description: 'Whether the platform still owes this case an answer' }),
    }),
    { description: 'Each case the notice is on, after the withdrawal' },
  ),
});

/** What a notice on the case page carries beyond what was filed (GET /api/v1/cases/{id}: notices[]). */
export const NoticeUpdates = Type.Object({
  withdrawal: Nullable(Type.Object({ withdrawn_at: DateTime, reason: Type.String() }), {
    description: 'Set once the submitter withdrew the notice: it stays on record, and asks nothing any more',
  }),
  additions: Type.Array(Type.Object({ id: Type.String(), text: Type.String(), urls: Type.Array(Type.String()), added_at: DateTime }), {
    description: 'Information the submitter added after filing, oldest first (POST /api/v1/notices/{id}/additions)',
  }),
});
