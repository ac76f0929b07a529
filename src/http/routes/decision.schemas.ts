import { Type } from '@sinclair/typebox';
import {
  ACCOUNT_TYPES,
  AUTOMATED_DECISIONS,
  CATEGORY_SPECIFICATIONS,
  CONTENT_TYPES,
  DECISION_ACCOUNT,
  DECISION_GROUNDS,
  DECISION_MONETARY,
  DECISION_PROVISION,
  DECISION_VISIBILITIES,
  STATEMENT_CATEGORIES,
  YES_NO,
} from '../../core/dsa.ts';
import { AnyObject, StringEnum } from '../schema.ts';
import { AffectedUserDeliveryFields, IssuedStatementLink } from './statement.schemas.ts';

const date = (description?: string) => Type.String({ format: 'date', description });
const text = (maxLength: number) => Type.String({ maxLength });

/**
 * The DSA Transparency Database statement of reasons (schema v2), field names verbatim. This schema
 * documents the shape; the conditional rules (which field a ground or an _OTHER value requires)
 * are checked by the core's statement-of-reasons validation and reported per field.
 */
export const StatementOfReasonsInput = Type.Object(
  {
    decision_visibility: Type.Optional(Type.Array(StringEnum(DECISION_VISIBILITIES))),
    decision_visibility_other: Type.Optional(text(500)),
    decision_monetary: Type.Optional(StringEnum(DECISION_MONETARY)),
    decision_monetary_other: Type.Optional(text(500)),
    decision_provision: Type.Optional(StringEnum(DECISION_PROVISION)),
    decision_account: Type.Optional(StringEnum(DECISION_ACCOUNT)),
    account_type: Type.Optional(StringEnum(ACCOUNT_TYPES)),
    decision_ground: StringEnum(DECISION_GROUNDS),
    decision_ground_reference_url: Type.Optional(text(500)),
    illegal_content_legal_ground: Type.Optional(text(500)),
    illegal_content_explanation: Type.Optional(text(2000)),
    incompatible_content_ground: Type.Optional(text(500)),
    incompatible_content_explanation: Type.Optional(text(2000)),
    incompatible_content_illegal: Type.Optional(StringEnum(YES_NO)),
    content_type: Type.Array(StringEnum(CONTENT_TYPES)),
    content_type_other: Type.Optional(text(500)),
    category: StringEnum(STATEMENT_CATEGORIES),
    category_addition: Type.Optional(Type.Array(StringEnum(STATEMENT_CATEGORIES))),
    category_specification: Type.Optional(Type.Array(StringEnum(CATEGORY_SPECIFICATIONS))),
    category_specification_other: Type.Optional(text(500)),
    content_language: Type.Optional(Type.String({ description: 'ISO 639-1, upper case as in the DSA database (e.g. VI)' })),
    content_date: date('Y-m-d, from 2000-01-01'),
    application_date: date('Y-m-d, from 2020-01-01'),
    end_date_account_restriction: Type.Optional(date()),
    end_date_monetary_restriction: Type.Optional(date()),
    end_date_service_restriction: Type.Optional(date()),
    end_date_visibility_restriction: Type.Optional(date()),
    territorial_scope: Type.Optional(Type.Array(Type.String({ description: 'ISO 3166-1 alpha-2, e.g. VN' }))),
    decision_facts: text(5000),
    automated_detection: StringEnum(YES_NO),
    automated_decision: StringEnum(AUTOMATED_DECISIONS),
    puid: Type.String({ maxLength: 500, description: "The platform's own id for the decision; unique per platform" }),
    content_id: Type.Optional(Type.Record(Type.String(), Type.String())),
    ...AffectedUserDeliveryFields,
  },
  { additionalProperties: true, description: 'Unknown and server-set fields are rejected by name' },
);

export const NoActionInput = Type.Object(
  {
    decision_facts: Type.String({ minLength: 10, maxLength: 5000, description: 'Why no action is taken' }),
    decision_ground_reference_url: Type.Optional(text(500)),
    puid: Type.Optional(Type.String({ maxLength: 500 })),
    ...AffectedUserDeliveryFields,
  },
  { additionalProperties: false },
);

export const DecisionView = Type.Object({
  id: Type.String(),
  case_id: Type.String(),
  case_status: Type.String(),
  outcome: StringEnum(['restriction', 'no_action'] as const),
  public_record_id: Type.String(),
  statement: AnyObject,
  affected_user_statement: IssuedStatementLink,
});
