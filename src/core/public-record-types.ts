/** The kinds of public record (public-record.ts), alone so the web app can list them without the rest. */
export const PUBLIC_RECORD_TYPES = [
  'authority_request',
  'trusted_flagger_notice',
  'rights_holder_notice',
  'statement_of_reasons',
  'no_action_decision',
  'withdrawal',
  // Issue 14 (0025_due_process_record_types.sql).
  'correction',
  'fact_check',
  'counter_notice',
  'counter_notice_outcome',
  'transparency_report',
  'open_data_dump',
] as const;
export type PublicRecordType = (typeof PUBLIC_RECORD_TYPES)[number];
