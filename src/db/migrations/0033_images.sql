-- Images attached to notice items (src/services/image-intake.service.ts). Stored content-addressed:
-- the bytes live in the image store (data directory or an S3-compatible bucket) under their
-- SHA-256; this table holds what the server needs without reading them back. Images and their
-- hashes are never public (a published hash lets an adversary test evasions): public records say
-- only how many images were attached.
CREATE TABLE images (
  sha256 text PRIMARY KEY,            -- lowercase hex SHA-256 of the stored bytes
  mime text NOT NULL,                 -- image/jpeg | image/png | image/webp
  bytes integer NOT NULL, width integer NOT NULL, height integer NOT NULL,
  pdq text NOT NULL,                  -- 64 hex, full image
  quality smallint NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE notice_item_images (
  notice_id uuid NOT NULL,
  position integer NOT NULL,          -- the notice item's position
  ordinal smallint NOT NULL,          -- order of the image within the item
  sha256 text NOT NULL REFERENCES images(sha256),
  created_at timestamptz NOT NULL,
  linked_at timestamptz,              -- set by the image linker (safe-merge) once related
  PRIMARY KEY (notice_id, position, ordinal),
  FOREIGN KEY (notice_id, position) REFERENCES notice_items(notice_id, position)
);
CREATE INDEX notice_item_images_unlinked ON notice_item_images (created_at) WHERE linked_at IS NULL;
CREATE INDEX notice_item_images_sha ON notice_item_images (sha256);
