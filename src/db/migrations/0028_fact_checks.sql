-- Issue 14, verification: a fact-checker's verdict on a case (src/core/fact-check.ts,
-- fact-check.service.ts). Each verdict is its own row and its own published record (type
-- fact_check, 0025); a later verdict of the same fact-checker supersedes an earlier one by being
-- newer, nothing is updated. Sources are stored canonical (tracking parameters dropped), as
-- published.
CREATE TABLE fact_checks (
  id               uuid PRIMARY KEY,
  case_id          uuid NOT NULL REFERENCES cases(id),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  created_by_person uuid REFERENCES people(id),
  created_by_key   uuid REFERENCES api_keys(id),
  verdict          text NOT NULL CHECK (verdict IN ('false','misleading','missing_context','true','unverifiable')),
  claim            text,
  explanation      text NOT NULL,
  sources          jsonb NOT NULL,
  public_record_id uuid NOT NULL REFERENCES public_records(id),
  created_at       timestamptz NOT NULL
);
-- A case's verdicts (the case's list, a label's check), and the public list's filters.
CREATE INDEX fact_checks_case_idx ON fact_checks (case_id, id);
CREATE INDEX fact_checks_record_idx ON fact_checks (public_record_id);
CREATE INDEX fact_checks_verdict_idx ON fact_checks (verdict, public_record_id);
