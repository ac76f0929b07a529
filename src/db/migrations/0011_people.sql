-- People in organizations (issue 12): accounts with a role, invitations, server-side sessions,
-- and who (which person or key) acted on a case.

CREATE TABLE people (
  id                   uuid PRIMARY KEY,
  organization_id      uuid NOT NULL REFERENCES organizations(id),
  -- Lower case: one account per address across minhbach, so signing in needs no organization.
  email                text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  role                 text NOT NULL CHECK (role IN ('admin', 'reviewer', 'viewer')),
  -- argon2id, PHC string format (parameters and salt included).
  password_hash        text NOT NULL,
  -- Failed sign-ins since the last success or lockout; at the limit the account is locked a while.
  failed_sign_ins      integer NOT NULL DEFAULT 0,
  locked_until         timestamptz,
  -- TOTP: the confirmed secret, one being enrolled, and the last step accepted (no replays).
  -- Stored as they are: a TOTP secret must be readable to check codes.
  totp_secret          bytea,
  totp_pending_secret  bytea,
  totp_last_step       integer,
  totp_enabled_at      timestamptz,
  created_at           timestamptz NOT NULL,
  disabled_at          timestamptz
);
CREATE UNIQUE INDEX people_email ON people (email);
CREATE INDEX people_org ON people (organization_id, id);

-- A session is a row: revoking it (sign out, sign out everywhere, a disabled person) takes effect
-- on the next request. The cookie holds a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  id            uuid PRIMARY KEY,
  person_id     uuid NOT NULL REFERENCES people(id),
  token_hash    bytea NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL,
  -- Renewed on use (at most once a minute); idle too long, the session ends.
  last_seen_at  timestamptz NOT NULL,
  -- However much it is used, the session ends here.
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);
CREATE INDEX sessions_person ON sessions (person_id) WHERE revoked_at IS NULL;

-- An invitation link, shown once: only its token's SHA-256 is stored; used once.
CREATE TABLE invitations (
  id                    uuid PRIMARY KEY,
  organization_id       uuid NOT NULL REFERENCES organizations(id),
  email                 text NOT NULL CHECK (email = lower(email)),
  role                  text NOT NULL CHECK (role IN ('admin', 'reviewer', 'viewer')),
  token_hash            bytea NOT NULL UNIQUE,
  -- Who invited: a person, an API key, or neither (the operator).
  invited_by_person_id  uuid REFERENCES people(id),
  invited_by_key_id     uuid REFERENCES api_keys(id),
  created_at            timestamptz NOT NULL,
  expires_at            timestamptz NOT NULL,
  accepted_at           timestamptz,
  person_id             uuid REFERENCES people(id)
);
CREATE INDEX invitations_org ON invitations (organization_id, id);

-- Who acted, beside the organization: the person signed in, or the API key used.
ALTER TABLE case_events ADD COLUMN actor_person_id uuid REFERENCES people(id);
ALTER TABLE case_events ADD COLUMN actor_key_id uuid REFERENCES api_keys(id);
