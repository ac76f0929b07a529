-- Platforms as data (issue 12, item 3): a registry of the services content lives on, with their
-- hosts, the URL rules that read them, the organization that answers for each (one at most; an
-- organization may answer for several) and a contact address the channel writes to while none
-- does. `cases.platform` holds a service's slug; a website nobody registered is named by its
-- registrable domain and has no row until the operator registers it.
--
-- The built-in services' hosts and names are written by src/db/migrate.ts from src/core/services.ts
-- after the migrations, so they are stated once; this migration only carries the existing
-- assignments over.
CREATE TABLE services (
  slug             text PRIMARY KEY CHECK (slug ~ '^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$'),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  hosts            text[] NOT NULL DEFAULT '{}',
  url_rules        text NOT NULL DEFAULT 'web',
  organization_id  uuid REFERENCES organizations(id),
  contact_email    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX services_organization_idx ON services (organization_id) WHERE organization_id IS NOT NULL;

INSERT INTO services (slug, name, url_rules, organization_id, created_at)
SELECT platform, platform, platform, id, created_at FROM organizations WHERE kind = 'platform' AND platform <> 'web';

-- Cases on the shared `web` platform move to their site. Its host is the best name SQL can give
-- (the registrable domain needs the Public Suffix List): www. is already gone from canonical URLs.
UPDATE cases SET platform = lower(substring(canonical_url FROM '^https://([^/:?#]+)')) WHERE platform = 'web';

DROP INDEX organizations_platform_key;
ALTER TABLE organizations DROP COLUMN platform;
