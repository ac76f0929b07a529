-- Personal data that minhbach keeps only as long as it serves its purpose
-- (src/core/personal-data-retention.ts, src/services/personal-data-retention.service.ts): the
-- contact and evidence a member of the public left with a report, and the name, e-mail and
-- statement of an uploader's counter-notice. When the sweep clears them, it says so here; the
-- rows themselves stay (they are the history of the case).
ALTER TABLE public_reports ADD COLUMN personal_data_purged_at timestamptz;
ALTER TABLE counter_notices ADD COLUMN personal_data_purged_at timestamptz;
