-- A stored text the linker could not reduce to its article (issue 11): a page over the limits of
-- src/text/html-limits.ts, or one whose parse ran past its time budget and was stopped. The item
-- and its case stay as they are; the text is only not fingerprinted, and the linker does not try
-- it again (a reindex does). NULL: extracted, or plain text that needed no parsing.
ALTER TABLE notice_items ADD COLUMN not_extractable text
  CHECK (not_extractable IN ('too_large', 'too_many_elements', 'too_deep', 'timed_out', 'failed'));
