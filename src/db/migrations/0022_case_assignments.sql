-- Who in each organization looks after a case (issue 13: the queue's "assigned to me").
-- A case is shared by its platform and every organization that filed a notice on it, and each
-- assigns its own people: the platform's reviewer who decides, the ministry's clerk who follows up.
-- One row per (case, organization); no row: nobody there has it yet.
CREATE TABLE case_assignments (
  case_id     uuid NOT NULL REFERENCES cases(id),
  org_id      uuid NOT NULL REFERENCES organizations(id),
  person_id   uuid NOT NULL REFERENCES people(id),
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, org_id)
);
-- "Assigned to me": a person's cases, newest first.
CREATE INDEX case_assignments_person_idx ON case_assignments (person_id, case_id);

-- The queue sorted by deadline, soonest first, per service (the cases with none last).
CREATE INDEX cases_platform_deadline_idx ON cases (platform, (COALESCE(due_at, '9999-12-31T00:00:00Z'::timestamptz)), id);
