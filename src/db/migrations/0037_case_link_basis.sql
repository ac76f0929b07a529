-- Safe merging (issue 15): a link between two cases says what it was found on, so a reviewer sees
-- why a duplicate is suggested: the texts ('text'), the pictures ('image', with the PDQ distance
-- of the two closest; its score is then the share of the 256 bits that agree), or a short link
-- resolving to the same place ('short_link'). Links made before this migration came from texts.
ALTER TABLE case_links ADD COLUMN basis text NOT NULL DEFAULT 'text' CHECK (basis IN ('text','image','short_link'));
ALTER TABLE case_links ADD COLUMN distance smallint;
ALTER TABLE case_links ADD CONSTRAINT case_links_image_distance_check
  CHECK ((basis = 'image') = (distance IS NOT NULL) AND (distance IS NULL OR distance BETWEEN 0 AND 256));
