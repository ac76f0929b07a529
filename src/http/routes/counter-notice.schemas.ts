import { Type } from '@sinclair/typebox';
import { COUNTER_NOTICE_STATUSES, MAX_CONTACT_NAME, MAX_COUNTER_NOTICE_STATEMENT, MAX_COURT_NAME, MAX_COURT_REFERENCE } from '../../core/counter-notice.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

export const StatementTokenParams = Type.Object({ token: Type.String({ description: 'The statement link’s token (43 characters of base64url)' }) });

export const CounterNoticeInput = Type.Object(
  {
    statement: Type.String({
      maxLength: MAX_COUNTER_NOTICE_STATEMENT,
      description: 'Your statement, in good faith, of why the content was removed by mistake or misidentified. Forwarded to the rights holder; never published',
    }),
    contact_name: Type.String({ maxLength: MAX_CONTACT_NAME, description: 'Your name, forwarded to the rights holder; never published' }),
    contact_email: Type.String({ maxLength: 254, description: 'Where the rights holder can reach you; never published' }),
    consent_to_forward_contact: Type.Boolean({
      description: 'Must be true: you agree that your contact is passed to the rights holder, who may take the matter to court',
    }),
  },
  { additionalProperties: false },
);

export const CounterNoticeProgress = Type.Object({
  id: Type.String(),
  status: StringEnum(COUNTER_NOTICE_STATUSES, {
    description:
      'forwarded: the rights holder has it and the waiting period runs; court_action: a court filing was shown, the restriction stays; content_restored: the period ended, the platform must restore the content',
  }),
  filed_at: DateTime,
  wait_until: Type.String({ format: 'date-time', description: 'When the waiting period ends' }),
  resolved_at: Nullable(DateTime),
  public_record_id: Type.String({ description: 'The published counter_notice record (no personal data)' }),
  outcome_record_id: Nullable(Type.String(), { description: 'The published counter_notice_outcome record, once it ended' }),
});

export const StatementCounterNotice = Type.Object({
  allowed: Type.Boolean({ description: 'Whether a counter-notice may be filed on this decision now' }),
  refusal: Nullable(StringEnum(['no_restriction', 'no_rights_holder', 'not_latest_decision', 'case_merged', 'already_filed'] as const), {
    description: 'Why not, when not allowed',
  }),
  waiting_period_days: Type.Integer(),
  counter_notice: Nullable(CounterNoticeProgress),
});

export const CounterNoticeView = Type.Object({
  ...CounterNoticeProgress.properties,
  case_id: Type.String(),
  decision_id: Type.String(),
  uploader: Nullable(Type.Object({ name: Type.String(), email: Type.String(), statement: Type.String() }), {
    description: 'Only for a rights holder whose notice is on the case: whom to take to court',
  }),
  court_filing: Nullable(Type.Object({ shown_at: DateTime, filed_at: Nullable(DateTime), reference: Nullable(Type.String()), court: Nullable(Type.String()) }), {
    description: 'The court filing shown; its court and number for the case’s rights holders and platform only',
  }),
});

export const CounterNoticeList = Type.Object({ items: Type.Array(CounterNoticeView) });

export const CourtFilingInput = Type.Object(
  {
    reference: Type.String({ maxLength: MAX_COURT_REFERENCE, description: 'The court’s case number; not published' }),
    court: Type.String({ maxLength: MAX_COURT_NAME, description: 'The court the action was filed with; not published' }),
    filed_at: Type.String({ maxLength: 40, description: 'When the action was filed (YYYY-MM-DD or ISO 8601); not in the future' }),
  },
  { additionalProperties: false },
);
