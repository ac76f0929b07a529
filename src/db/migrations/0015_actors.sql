-- Who did what (issue 12): beside the organization, the person signed in or the API key used,
-- on notices and decisions as on case_events (0011). Both null: the operator, or a row written
-- before this migration.
ALTER TABLE notices ADD COLUMN submitted_by_person_id uuid REFERENCES people(id);
ALTER TABLE notices ADD COLUMN submitted_by_key_id uuid REFERENCES api_keys(id);
ALTER TABLE decisions ADD COLUMN decided_by_person_id uuid REFERENCES people(id);
ALTER TABLE decisions ADD COLUMN decided_by_key_id uuid REFERENCES api_keys(id);

-- An organization's audit list (GET /api/v1/audit) pages its actions newest first by id, as
-- notices_submitter_idx already does for its notices.
CREATE INDEX case_events_actor_idx ON case_events (actor_org_id, id);
