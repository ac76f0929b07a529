-- A text duplicate (≥ 0.8) joins the case (issue 3): the newer case is merged into the older one
-- on the same platform, and its URL becomes an alias, so later notices for it land on the
-- surviving case. The merged case stays (its id was given to submitters) and points at the survivor.

ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check
  CHECK (status IN ('received','in_review','decided','appealed','closed','merged'));
ALTER TABLE cases ADD COLUMN merged_into uuid REFERENCES cases(id);
ALTER TABLE cases ADD CONSTRAINT cases_merged_check CHECK ((status = 'merged') = (merged_into IS NOT NULL));

-- Every content key whose case was merged, and the case it now belongs to. Intake resolves a
-- key here before it looks for a case by the key.
CREATE TABLE case_aliases (
  content_key     text PRIMARY KEY,
  case_id         uuid NOT NULL REFERENCES cases(id),
  merged_case_id  uuid NOT NULL REFERENCES cases(id),
  canonical_url   text NOT NULL,
  score           real NOT NULL,
  created_at      timestamptz NOT NULL
);
CREATE INDEX case_aliases_case_idx ON case_aliases (case_id);

-- A merge re-points the cases merged earlier into the absorbed case, and its links both ways.
CREATE INDEX cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX case_links_related_idx ON case_links (related_case_id);
