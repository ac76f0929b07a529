-- Public reports (issue 13): anyone may report content without an account, through the form at
-- /report. Each report is a notice of the deployment's own public reporter (its id and name are
-- src/core/public-report.ts's PUBLIC_REPORTS_ORG_ID and PUBLIC_REPORTS_ORG_NAME), so it joins the
-- content's case like any notice. The operator closes the form by disabling this organization.
INSERT INTO organizations (id, kind, name, created_at)
VALUES ('01900000-0000-7000-8000-00000000f001', 'public_reporter', 'Phản ánh của người dân', now())
ON CONFLICT (id) DO NOTHING;

-- One row per report; several may share a notice (the same report sent twice is one notice).
-- The tracking code is kept as its SHA-256 only: it is shown once. The contact address and the
-- evidence are the reporter's own and no API shows them.
CREATE TABLE public_reports (
  id             uuid PRIMARY KEY,
  notice_id      uuid NOT NULL REFERENCES notices(id),
  code_hash      bytea NOT NULL UNIQUE,
  choice         text NOT NULL,
  contact_email  text,
  evidence       text,
  created_at     timestamptz NOT NULL
);
CREATE INDEX public_reports_notice_idx ON public_reports (notice_id);

-- The proof-of-work challenges already used (single use), until they expire and could not be
-- used anyway; pruned as reports arrive.
CREATE TABLE public_report_spent_challenges (
  nonce       text PRIMARY KEY,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX public_report_spent_challenges_expiry_idx ON public_report_spent_challenges (expires_at);

-- The secret that signs challenges (HMAC-SHA256), made by the first process that needs one and
-- shared by all: a challenge issued by one API process is checked by another.
CREATE TABLE public_report_secret (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  secret      bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
