-- A submitter must not shield content with an earlier notice the platform answered by
-- restricting nothing (issue 11): a new notice on such a case reopens it (REOPENED_BY_NOTICE in
-- src/core/case-state.ts). Intake decides that inside its upsert, under the case's row lock, so the
-- case row carries its latest decision; decided_at already holds when it was taken.
ALTER TABLE cases ADD COLUMN last_decision_id uuid REFERENCES decisions(id);
ALTER TABLE cases ADD COLUMN last_outcome text CHECK (last_outcome IN ('restriction','no_action'));
-- Written by intake on every notice that joins the case: the status the notice reopened the case
-- from, or NULL when it did not. Intake's statement reads it back to record the reopening.
ALTER TABLE cases ADD COLUMN reopened_from text;

UPDATE cases c SET last_decision_id = d.id, last_outcome = d.outcome
FROM (SELECT DISTINCT ON (case_id) case_id, id, outcome FROM decisions ORDER BY case_id, created_at DESC, id DESC) d
WHERE d.case_id = c.id;
