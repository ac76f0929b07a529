-- Intake writes about three events per notice (bench:intake-compare), so each index on the outbox
-- is paid on the hot path. Kept: the primary key (seq) and the undispatched queue. Dropped: the
-- unique index on the event id and the jobs' foreign key through it (an event id is a fresh UUID,
-- and jobs find their event by its seq, the primary key), and the index by case, which no query
-- uses.
ALTER TABLE jobs DROP CONSTRAINT jobs_event_id_fkey;
ALTER TABLE outbox DROP CONSTRAINT outbox_id_key;
DROP INDEX outbox_case;
