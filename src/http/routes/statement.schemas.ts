import { Type } from '@sinclair/typebox';
import { AFFECTED_USER_LANGUAGES } from '../../core/statement-link.ts';
import { AnyObject, DateTime, Nullable, StringEnum } from '../schema.ts';

/** Beside a decision (and a re-issue): how the affected user gets the link. Never part of the statement, never published. */
export const AffectedUserDeliveryFields = {
  affected_user_email: Type.Optional(
    Type.String({ maxLength: 254, description: 'minhbach mails the statement link here once, then forgets the address; not stored with the statement, not published' }),
  ),
  affected_user_language: Type.Optional(StringEnum(AFFECTED_USER_LANGUAGES, { description: 'The language the e-mail puts first; default vi' })),
};

export const StatementLinkInput = Type.Object(AffectedUserDeliveryFields, { additionalProperties: false });

export const StatementTokenParams = Type.Object({ token: Type.String({ description: 'The token of the statement link (anything that is not a live one: 404)' }) });

export const IssuedStatementLink = Type.Object(
  {
    token: Type.String(),
    path: Type.String({ description: 'The page in the web app: /statements/{token}' }),
    url: Nullable(Type.String(), { description: 'The absolute link, when MINHBACH_PUBLIC_URL is configured' }),
  },
  { description: 'The link to pass on to the affected user. Shown this once: only its SHA-256 is stored' },
);

export const ReissuedStatementLink = Type.Object({
  decision_id: Type.String(),
  revoked: Type.Integer({ description: 'Earlier links of the decision that stopped working' }),
  affected_user_statement: IssuedStatementLink,
});

export const StatementLinkRevocationInput = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

export const StatementLinkRevocation = Type.Object({ decision_id: Type.String(), revoked: Type.Integer(), revoked_at: DateTime });

/** A link as the platform sees it on its case: whether it was opened, never its token nor an address. */
export const StatementLinkSummary = Type.Object({
  id: Type.String(),
  channel: StringEnum(['api', 'email'] as const),
  language: StringEnum(AFFECTED_USER_LANGUAGES),
  created_at: DateTime,
  email_status: Nullable(StringEnum(['pending', 'sent', 'not_sent'] as const)),
  email_sent_at: Nullable(DateTime),
  opens: Type.Integer(),
  first_opened_at: Nullable(DateTime),
  last_opened_at: Nullable(DateTime),
  revoked_at: Nullable(DateTime),
});

const date = Nullable(Type.String({ format: 'date' }));
const text = Nullable(Type.String());

/** The affected user's statement of reasons (src/core/affected-user-statement.ts): the Santa Clara notice items. */
export const PublicStatementView = Type.Object({
  decision_id: Type.String(),
  decided_at: DateTime,
  platform: Type.String(),
  platform_name: Type.String(),
  outcome: StringEnum(['restriction', 'no_action'] as const),
  restrictions: Type.Object({
    visibility: Type.Array(Type.String()),
    visibility_other: text,
    visibility_end_date: date,
    account: text,
    account_end_date: date,
    monetary: text,
    monetary_other: text,
    monetary_end_date: date,
    provision: text,
    provision_end_date: date,
    territorial_scope: Type.Array(Type.String()),
  }),
  content: Type.Object({ url: Type.String({ description: 'As the public record shows it: host and route only' }), content_type: Type.Array(Type.String()), content_date: date }),
  ground: Type.Object({
    decision_ground: text,
    illegal_content_legal_ground: text,
    illegal_content_explanation: text,
    incompatible_content_ground: text,
    incompatible_content_explanation: text,
    incompatible_content_illegal: Nullable(Type.Boolean()),
    reference_url: text,
    facts: text,
  }),
  category: Type.String(),
  category_specification: Type.Array(Type.String()),
  requested_by: Type.Object({
    authority_request: Type.Boolean(),
    authorities: Type.Array(Type.Object({ name: Type.String(), legal_bases: Type.Array(Type.Record(Type.String(), Type.String())) })),
    others: Type.Array(StringEnum(['trusted_flagger', 'rights_holder', 'public_reporter', 'other'] as const), {
      description: 'Other notices on the case, by kind only: never who sent them',
    }),
    platform_own_initiative: Type.Boolean(),
  }),
  automation: Type.Object({ automated_detection: Nullable(Type.Boolean()), automated_decision: text }),
  appeal: Type.Object({
    deadline: DateTime,
    open: Type.Boolean(),
    answer_within_hours: Type.Number({ description: 'The SLA policy for appeals' }),
  }),
  case_status: Type.String(),
  newer_decision: Nullable(Type.Object({ outcome: Type.String(), decided_at: DateTime, restored: Type.Boolean() })),
  public_record: Nullable(Type.Object({ id: Type.String(), log_index: Nullable(Type.Number()) })),
  current_version: Nullable(AnyObject, { description: 'When a correction superseded the published decision: its current version' }),
  appeals: Type.Array(AnyObject, { description: "The affected user's appeals of this decision and their state" }),
});
