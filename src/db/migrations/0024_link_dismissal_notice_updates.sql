-- Issue 13, the case page: a platform confirms or rejects a suggested duplicate, and a submitter
-- adds information to its notice or withdraws it. History is the point: nothing here is deleted.

-- A platform's "not the same content" on a link the linker made (case-duplicate.service.ts).
-- Per direction: a platform dismisses the link as seen from the cases it answers for; the other
-- direction too when it answers for that case as well. The linker's re-link (upsertCaseLinks)
-- and a merge's re-pointing (mergeCases) keep these columns, so a dismissal is never resurrected;
-- a reindex keeps dismissed links (resetTextIndex).
ALTER TABLE case_links ADD COLUMN dismissed_at timestamptz;
ALTER TABLE case_links ADD COLUMN dismissed_by_org uuid REFERENCES organizations(id);
ALTER TABLE case_links ADD COLUMN dismissed_by_person uuid REFERENCES people(id);
ALTER TABLE case_links ADD COLUMN dismissed_by_key uuid REFERENCES api_keys(id);
ALTER TABLE case_links ADD CONSTRAINT case_links_dismissed_check CHECK ((dismissed_at IS NULL) = (dismissed_by_org IS NULL));

-- Information a submitter adds to its own notice after filing it (notice-update.service.ts):
-- text, and URLs as evidence. Shown to the platform on the case; never published.
CREATE TABLE notice_additions (
  id               uuid PRIMARY KEY,
  notice_id        uuid NOT NULL REFERENCES notices(id),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  added_by_person  uuid REFERENCES people(id),
  added_by_key     uuid REFERENCES api_keys(id),
  text             text NOT NULL,
  urls             text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL
);
CREATE INDEX notice_additions_notice_idx ON notice_additions (notice_id, id);

-- A submitter's withdrawal of its notice (src/core/notice-withdrawal.ts): once per notice (the
-- key), who, when and why. The notice itself stays as it was filed.
CREATE TABLE notice_withdrawals (
  notice_id           uuid PRIMARY KEY REFERENCES notices(id),
  organization_id     uuid NOT NULL REFERENCES organizations(id),
  withdrawn_by_person uuid REFERENCES people(id),
  withdrawn_by_key    uuid REFERENCES api_keys(id),
  reason              text NOT NULL,
  created_at          timestamptz NOT NULL
);
