-- Issue 15, part 4: hash lists in and out (src/core/hash-list.ts, src/services/hash-list.service.ts).
-- A list is PDQ hashes with labels imported from a hash-sharing program (ThreatExchange, HMA) by
-- the operator or by an organization for itself. Each entry is also in the PDQ index (0034) with
-- owner_kind 'hash_list' and owner_id the entry's id, so images on cases are matched against it.
-- Never public: a published hash lets an adversary test evasions. Not published records either, so
-- a list may be deleted whole.
CREATE TABLE hash_lists (
  id                    uuid PRIMARY KEY,
  name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- Null: the operator's list, which every platform may export; otherwise the organization's own.
  owner_org_id          uuid REFERENCES organizations(id),
  -- The format it came in (text | csv) and where it came from, as the importer said.
  format                text NOT NULL CHECK (format IN ('text', 'csv')),
  source                text CHECK (length(source) <= 200),
  entry_count           integer NOT NULL,
  created_by_person_id  uuid REFERENCES people(id),
  created_by_key_id     uuid REFERENCES api_keys(id),
  created_at            timestamptz NOT NULL
);
CREATE INDEX hash_lists_owner_idx ON hash_lists (owner_org_id, created_at);

CREATE TABLE hash_list_entries (
  id           uuid PRIMARY KEY,
  list_id      uuid NOT NULL REFERENCES hash_lists(id) ON DELETE CASCADE,
  pdq          text NOT NULL CHECK (pdq ~ '^[0-9a-f]{64}$'),
  labels       text[] NOT NULL DEFAULT '{}',
  -- The ThreatExchange opinion (POSITIVE_CLASS …), the signal's collaboration and its id there.
  category     text,
  source       text,
  external_id  text,
  quality      smallint CHECK (quality BETWEEN 0 AND 100),
  created_at   timestamptz NOT NULL,
  UNIQUE (list_id, pdq)
);
