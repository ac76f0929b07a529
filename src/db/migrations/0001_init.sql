-- minhbach schema, version 1. One schema for PGlite and PostgreSQL: plain PostgreSQL, no extensions.

CREATE TABLE organizations (
  id          uuid PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('authority','trusted_flagger','rights_holder','platform','public_reporter')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  platform    text CHECK (platform IN ('facebook','youtube','tiktok','x','instagram','threads','web')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'platform') = (platform IS NOT NULL))
);
-- A case is addressed to the one organization that answers for its platform.
CREATE UNIQUE INDEX organizations_platform_key ON organizations (platform) WHERE kind = 'platform';

CREATE TABLE api_keys (
  id               uuid PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  -- SHA-256 of the whole key: keys are 256-bit random, so a slow hash would add nothing but latency.
  key_hash         bytea NOT NULL UNIQUE,
  prefix           text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz
);
CREATE INDEX api_keys_org_idx ON api_keys (organization_id);

CREATE TABLE cases (
  id                uuid PRIMARY KEY,
  content_key       text NOT NULL UNIQUE,
  platform          text NOT NULL,
  canonical_url     text NOT NULL,
  status            text NOT NULL DEFAULT 'received'
                    CHECK (status IN ('received','in_review','decided','appealed','closed')),
  category          text NOT NULL,
  notice_count      integer NOT NULL DEFAULT 0,
  authority_request boolean NOT NULL DEFAULT false,
  due_at            timestamptz,
  decided_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1
);
-- Lists page by id (UUIDv7, so by creation time) within a platform.
CREATE INDEX cases_platform_idx ON cases (platform, id);
CREATE INDEX cases_due_idx ON cases (platform, due_at) WHERE status IN ('received','in_review','appealed');

CREATE TABLE notices (
  id                      uuid PRIMARY KEY,
  submitter_org_id        uuid NOT NULL REFERENCES organizations(id),
  submitter_kind          text NOT NULL,
  category                text NOT NULL,
  category_specification  text[] NOT NULL DEFAULT '{}',
  explanation             text NOT NULL,
  legal_basis             jsonb,
  content_language        text,
  urgency                 text NOT NULL DEFAULT 'normal',
  -- Hash of what makes a notice the same notice, so a resubmission is recognised as a repeat.
  fingerprint             text NOT NULL,
  due_at                  timestamptz NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (submitter_org_id, fingerprint)
);
CREATE INDEX notices_submitter_idx ON notices (submitter_org_id, id);

CREATE TABLE notice_items (
  notice_id    uuid NOT NULL REFERENCES notices(id),
  position     integer NOT NULL,
  case_id      uuid NOT NULL REFERENCES cases(id),
  url          text NOT NULL,
  text         text,
  PRIMARY KEY (notice_id, position)
);
CREATE INDEX notice_items_case_idx ON notice_items (case_id);

CREATE TABLE case_events (
  id            uuid PRIMARY KEY,
  case_id       uuid NOT NULL REFERENCES cases(id),
  at            timestamptz NOT NULL DEFAULT now(),
  actor_org_id  uuid REFERENCES organizations(id),
  type          text NOT NULL,
  data          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_idx ON case_events (case_id, at, id);

CREATE TABLE decisions (
  id                uuid PRIMARY KEY,
  case_id           uuid NOT NULL REFERENCES cases(id),
  platform_org_id   uuid NOT NULL REFERENCES organizations(id),
  -- 'restriction': a DSA statement of reasons; 'no_action': the platform found nothing to restrict.
  outcome           text NOT NULL DEFAULT 'restriction' CHECK (outcome IN ('restriction','no_action')),
  puid              text,
  statement         jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform_org_id, puid)
);
CREATE INDEX decisions_case_idx ON decisions (case_id, created_at);

CREATE TABLE public_records (
  id              uuid PRIMARY KEY,
  type            text NOT NULL CHECK (type IN ('authority_request','trusted_flagger_notice','rights_holder_notice','statement_of_reasons','no_action_decision')),
  source_id       uuid NOT NULL,
  published_at    timestamptz NOT NULL DEFAULT now(),
  category        text NOT NULL,
  platform        text NOT NULL,
  requester_kind  text,
  body            jsonb NOT NULL,
  -- 'simple' configuration: Vietnamese is space-separated syllables, no stemming wanted.
  search          tsvector NOT NULL,
  UNIQUE (type, source_id, platform)
);
CREATE INDEX public_records_time_idx ON public_records (published_at);
CREATE INDEX public_records_search_idx ON public_records USING gin (search);

CREATE TABLE idempotency_keys (
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  key              text NOT NULL,
  request_hash     text NOT NULL,
  status_code      integer NOT NULL,
  response         jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, key)
);
