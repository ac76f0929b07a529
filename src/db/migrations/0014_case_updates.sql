-- Polling for changes (issue 12: GET /api/v1/cases?updated_since=…): a platform reads the cases
-- on its platform changed since its last poll, in the order they changed.
CREATE INDEX cases_platform_updated_idx ON cases (platform, updated_at, id);
