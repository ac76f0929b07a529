-- Issue 14, part 2: appeals (DSA Art. 20). One row per appeal of a decision, whoever made it: the
-- affected user through the statement link (no account), a submitter, or the platform recording
-- an appeal it received elsewhere. The case's status and timeline still say "appealed" (the state
-- machine and the public statistics read them); this row holds what only an appeal has: its text,
-- its reviewer, and its outcome, linked to the decision that answers it.
CREATE TABLE appeals (
  id                   uuid PRIMARY KEY,
  case_id              uuid NOT NULL REFERENCES cases(id),
  -- The decision appealed: the case's latest when the appeal was made.
  decision_id          uuid NOT NULL REFERENCES decisions(id),
  appellant            text NOT NULL CHECK (appellant IN ('affected_user', 'authority', 'trusted_flagger', 'rights_holder', 'public_reporter', 'platform_on_behalf')),
  -- Null for the affected user: a person without an account.
  appellant_org_id     uuid REFERENCES organizations(id),
  -- The affected user's link: one appeal per link (a second one answers 409 naming this row).
  statement_link_id    uuid UNIQUE REFERENCES statement_links(id),
  -- What the appellant wrote, and its links. The affected user's may hold personal data: they are
  -- shown to the platform on the case only, never published, never in an event.
  text                 text NOT NULL DEFAULT '' CHECK (length(text) <= 5000),
  urls                 jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at           timestamptz NOT NULL,
  -- From the appeal SLA policy (sla_policies, applies_to 'appeal'; 48 h by default).
  due_at               timestamptz NOT NULL,
  -- The reviewer the platform gave the appeal to: never one who decided the decision appealed.
  assigned_person_id   uuid REFERENCES people(id),
  assigned_at          timestamptz,
  assigned_by          uuid REFERENCES people(id),
  status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided', 'withdrawn')),
  outcome              text CHECK (outcome IN ('upheld', 'reversed', 'modified')),
  outcome_decision_id  uuid REFERENCES decisions(id),
  decided_at           timestamptz,
  CHECK ((status = 'decided') = (outcome IS NOT NULL AND outcome_decision_id IS NOT NULL AND decided_at IS NOT NULL))
);
CREATE INDEX appeals_case_idx ON appeals (case_id, created_at);
-- A case is appealed once at a time (case-state.ts): its open appeal is the one a decision answers.
CREATE UNIQUE INDEX appeals_open_case_idx ON appeals (case_id) WHERE status = 'open';
