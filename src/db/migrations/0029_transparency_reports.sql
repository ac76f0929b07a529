-- Issue 14: transparency reports. A report's document is the body of a `transparency_report`
-- public record (sealed and logged, so it can never be rewritten); this table only says which
-- period each report covers and who asked for it, so the worker makes each half-year's once.
CREATE TABLE transparency_reports (
  id                uuid PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('half_yearly','on_demand')),
  period_from       timestamptz NOT NULL,
  period_to         timestamptz NOT NULL,
  -- Deferred: the row claims its period first (ON CONFLICT DO NOTHING), then the record is built
  -- and stored in the same transaction.
  public_record_id  uuid NOT NULL REFERENCES public_records(id) DEFERRABLE INITIALLY DEFERRED,
  created_at        timestamptz NOT NULL,
  -- 'worker' for the half-yearly reports, 'operator' for those asked for by the operator.
  created_by        text NOT NULL,
  CHECK (period_from < period_to)
);
-- One report per half-year, however many workers look at once (INSERT … ON CONFLICT DO NOTHING).
CREATE UNIQUE INDEX transparency_reports_half_year_key ON transparency_reports (period_from, period_to) WHERE kind = 'half_yearly';
CREATE INDEX transparency_reports_period_idx ON transparency_reports (period_from, id);
