-- Polling (`GET /api/v1/cases?updated_since=`) reads which cases changed from the outbox, where
-- every change of a case is an event, instead of from an index on cases.updated_at: that index made
-- every case update on intake's hot path a non-HOT update, rewriting every index of the row
-- (bench:intake-compare). An index on the outbox's time is appended to, nothing more.
DROP INDEX cases_platform_updated_idx;
CREATE INDEX outbox_case_at ON outbox (at) WHERE case_id IS NOT NULL;
