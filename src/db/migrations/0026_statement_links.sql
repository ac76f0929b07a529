-- Issue 14, part 1: the affected user's statement of reasons. Each decision gets a link the
-- platform passes on to the person whose content it acted on (src/services/statement-link.service.ts).
-- The link is 256 random bits; only its SHA-256 is stored, so a copy of the database cannot open it.
-- It names no one: the page shows the decision, not who the user is. A revoked link answers 404.
CREATE TABLE statement_links (
  id                 uuid PRIMARY KEY,
  decision_id        uuid NOT NULL REFERENCES decisions(id),
  case_id            uuid NOT NULL REFERENCES cases(id),
  token_sha256       bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
  created_at         timestamptz NOT NULL,
  -- Where the platform asked minhbach to send the link (optional). Read only by the e-mail job,
  -- and cleared once the e-mail has gone: no route ever shows it.
  recipient_email    text,
  -- Openings are recorded as counts and times only: never an address or a browser.
  first_opened_at    timestamptz,
  last_opened_at     timestamptz,
  opens              integer NOT NULL DEFAULT 0,
  revoked_at         timestamptz,
  revoked_by_org     uuid REFERENCES organizations(id),
  revoked_by_person  uuid REFERENCES people(id),
  revoked_by_key     uuid REFERENCES api_keys(id),
  revoke_reason      text
);
CREATE INDEX statement_links_decision_idx ON statement_links (decision_id);
