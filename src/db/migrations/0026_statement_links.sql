-- Issue 14, part 1: the affected user's statement of reasons. Each decision gets a link the
-- platform passes on to the person whose content it acted on (src/services/statement-link.service.ts).
-- The link is 256 random bits; only its SHA-256 is stored, so a copy of the database cannot open it.
-- It names no one: the page shows the decision, not who the user is. A revoked link answers 404.
--
-- Two channels, one row each: `api` (the token is shown once in the platform's answer) and
-- `email` (minhbach mails the link itself). An e-mail link has no token until its e-mail job runs:
-- the job draws the token, stores its digest, sends it, then forgets the address; so the token is
-- never stored in clear, not even in the job's payload.
CREATE TABLE statement_links (
  id                 uuid PRIMARY KEY,
  decision_id        uuid NOT NULL REFERENCES decisions(id),
  case_id            uuid NOT NULL REFERENCES cases(id),
  channel            text NOT NULL CHECK (channel IN ('api', 'email')),
  token_sha256       bytea UNIQUE CHECK (length(token_sha256) = 32),
  created_at         timestamptz NOT NULL,
  -- The language the affected user reads first (the e-mail's order).
  language           text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
  -- Where the platform asked minhbach to send the link (optional). Read only by the e-mail job,
  -- and cleared once the e-mail has gone: no route ever shows it.
  recipient_email    text,
  -- e-mail links only: pending → sent, or not_sent when the deployment sends no e-mail.
  email_status       text CHECK (email_status IN ('pending', 'sent', 'not_sent')),
  email_sent_at      timestamptz,
  -- Openings are recorded as counts and times only: never an address or a browser.
  first_opened_at    timestamptz,
  last_opened_at     timestamptz,
  opens              integer NOT NULL DEFAULT 0,
  revoked_at         timestamptz,
  revoked_by_org     uuid REFERENCES organizations(id),
  revoked_by_person  uuid REFERENCES people(id),
  revoked_by_key     uuid REFERENCES api_keys(id),
  revoke_reason      text,
  -- A link the platform is given always has its token; an e-mail link always has a status.
  CHECK (channel = 'email' OR (token_sha256 IS NOT NULL AND recipient_email IS NULL AND email_status IS NULL)),
  CHECK (channel = 'api' OR email_status IS NOT NULL)
);
CREATE INDEX statement_links_decision_idx ON statement_links (decision_id);
CREATE INDEX statement_links_case_idx ON statement_links (case_id);
