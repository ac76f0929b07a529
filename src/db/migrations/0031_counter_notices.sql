-- Issue 14, part 3: counter-notices (src/core/counter-notice.ts, src/services/counter-notice.service.ts).
-- The uploader whose content was restricted on a rights holder's notice answers it through the
-- decision's statement link. The contact and the statement are personal data: read only by the
-- rights holders of the case (GET /api/v1/cases/{id}/counter-notices) and by the e-mail to them;
-- never published, never in an event. One counter-notice per decision.
CREATE TABLE counter_notices (
  id                      uuid PRIMARY KEY,
  case_id                 uuid NOT NULL REFERENCES cases(id),
  decision_id             uuid NOT NULL UNIQUE REFERENCES decisions(id),
  statement_link_id       uuid NOT NULL REFERENCES statement_links(id),
  contact_name            text NOT NULL,
  contact_email           text NOT NULL,
  statement_text          text NOT NULL,
  -- The uploader's consent to the contact being passed to the rights holder (and to a court's
  -- jurisdiction): a counter-notice cannot be filed without it.
  consent                 boolean NOT NULL CHECK (consent),
  status                  text NOT NULL CHECK (status IN ('forwarded', 'court_action', 'content_restored')),
  created_at              timestamptz NOT NULL,
  wait_days               integer NOT NULL CHECK (wait_days > 0),
  wait_until              timestamptz NOT NULL,
  -- A rights holder's court filing, shown before wait_until. Its reference and court are read by
  -- the case's rights holders and platform only: the public learns that one was shown, and when.
  court_filing_at         timestamptz,
  court_filing_filed_at   timestamptz,
  court_filing_reference  text,
  court_filing_court      text,
  court_filing_org_id     uuid REFERENCES organizations(id),
  court_filing_person_id  uuid REFERENCES people(id),
  court_filing_key_id     uuid REFERENCES api_keys(id),
  resolved_at             timestamptz,
  public_record_id        uuid NOT NULL,
  outcome_record_id       uuid,
  CHECK ((status = 'forwarded') = (resolved_at IS NULL)),
  CHECK ((status = 'court_action') = (court_filing_at IS NOT NULL))
);
CREATE INDEX counter_notices_case_idx ON counter_notices (case_id);
-- The waiting-period sweep reads only the counter-notices still running.
CREATE INDEX counter_notices_due_idx ON counter_notices (wait_until) WHERE status = 'forwarded';
