-- Issue 12: deadlines as a deployment's policies, escalation of cases due soon or overdue, e-mail.

-- A deployment's deadline policies (src/core/sla.ts resolves them; an empty table means the
-- defaults written there). Null fields match anything. Written as a whole set by the operator.
CREATE TABLE sla_policies (
  position        integer PRIMARY KEY,
  applies_to      text NOT NULL CHECK (applies_to IN ('notice', 'appeal')),
  submitter_kind  text,
  category        text,
  urgency         text,
  hours           integer NOT NULL CHECK (hours > 0),
  updated_at      timestamptz NOT NULL,
  UNIQUE NULLS NOT DISTINCT (applies_to, submitter_kind, category, urgency)
);
-- One row, present only once the operator has set the policies.
CREATE TABLE sla_settings (
  id                          boolean PRIMARY KEY DEFAULT true CHECK (id),
  due_soon_remaining_percent  integer NOT NULL,
  updated_at                  timestamptz NOT NULL
);

-- When the case's current deadline started to run. A deadline is set by a notice (at its
-- arrival), moved earlier by a later notice, reset by an appeal or a reopening: every statement
-- that moves due_at also sets updated_at to the time of that act, so the trigger reads the start
-- from there and no use case has to remember. NULL: the clock started when the case was created.
-- The due-soon point is a share of the window from this start to the deadline.
ALTER TABLE cases ADD COLUMN clock_started_at timestamptz;
-- The deadline each escalation was made for: a case escalates once per deadline, and again when
-- its deadline moves (compared with due_at).
ALTER TABLE cases ADD COLUMN due_soon_escalated_for timestamptz;
ALTER TABLE cases ADD COLUMN overdue_escalated_for timestamptz;

CREATE FUNCTION cases_clock_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.due_at IS DISTINCT FROM OLD.due_at THEN
    NEW.clock_started_at := NEW.updated_at;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_clock_start BEFORE UPDATE OF due_at ON cases FOR EACH ROW EXECUTE FUNCTION cases_clock_start();

-- The cases the deadline sweep watches (sla-sweep.repository.ts): open, not yet escalated as
-- overdue for their deadline. A case leaves the index once escalated as overdue or answered, so
-- the sweep reads the cases near their deadline, not every case ever received. The statuses are
-- OPEN_STATUSES of src/core/case-state.ts (an index predicate cannot take parameters; the sweep
-- passes them and a test checks the two lists agree).
CREATE INDEX cases_deadline_watch_idx ON cases (due_at)
  WHERE status IN ('received', 'in_review', 'appealed') AND overdue_escalated_for IS DISTINCT FROM due_at;

-- Where an organization wants its e-mail, by purpose (src/services/email.handler.ts).
CREATE TABLE organization_contacts (
  org_id      uuid NOT NULL REFERENCES organizations(id),
  purpose     text NOT NULL CHECK (purpose IN ('requests', 'escalation', 'decisions', 'admin', 'digest')),
  email       text NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (org_id, purpose, email)
);
CREATE INDEX organization_contacts_purpose_idx ON organization_contacts (purpose, org_id);

-- One digest per organization per day (Vietnam's calendar day): planning it twice is a no-op.
CREATE TABLE email_digests (
  org_id      uuid NOT NULL REFERENCES organizations(id),
  day         date NOT NULL,
  planned_at  timestamptz NOT NULL,
  PRIMARY KEY (org_id, day)
);
