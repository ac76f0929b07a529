-- Issue 14, due process: the kinds of public record it adds. Each is published and logged like
-- every other record; none is ever updated or deleted (a correction supersedes by a new record).
--   correction              a record that supersedes another (source_id: the record it corrects)
--   fact_check              a fact-checker's verdict on a case (source_id: the fact-check)
--   counter_notice          an uploader's answer to a rights holder's notice (source_id: the counter-notice)
--   counter_notice_outcome  how a counter-notice ended: content restored, or a court filing shown
--   transparency_report     a periodic or on-demand report, archived (source_id: the report)
--   open_data_dump          a daily dump of every public record, its files' SHA-256 and checkpoint
-- A decision on an appeal stays a statement_of_reasons / no_action_decision whose body links the
-- decision appealed.
ALTER TABLE public_records DROP CONSTRAINT public_records_type_check;
ALTER TABLE public_records ADD CONSTRAINT public_records_type_check CHECK (type IN
  ('authority_request','trusted_flagger_notice','rights_holder_notice','statement_of_reasons','no_action_decision','withdrawal',
   'correction','fact_check','counter_notice','counter_notice_outcome','transparency_report','open_data_dump'));
