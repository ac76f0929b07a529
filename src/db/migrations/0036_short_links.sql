-- Short and share links (issue 15): fb.watch/…, facebook.com/share/…, vt.tiktok.com/… name content
-- only the platform can tell. A case keyed by one (content key `…:short:…`) is resolved in the
-- background by following the platform's redirects (short-link.service.ts). One row per short
-- link: the cache of its resolution (a link is asked once, whichever case reports it) and the mark
-- on the case that was opened for it (resolved → target, pending, unresolvable + reason).
CREATE TABLE short_links (
  content_key      text PRIMARY KEY,               -- the short link's own key: facebook:short:fb.watch/abc
  short_url        text NOT NULL,                  -- its canonical URL
  platform         text NOT NULL,
  case_id          uuid NOT NULL REFERENCES cases(id),  -- the case opened for it
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','resolved','unresolvable')),
  target_key       text,                           -- the content key of what it leads to
  target_url       text,                           -- and its canonical URL
  reason           text,                           -- why unresolvable; while pending, the last failure
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,           -- due (or leased until) for the resolver
  resolved_at      timestamptz,                    -- when it became resolved or unresolvable
  applied_at       timestamptz,                    -- when the outcome was applied to case_id
  outcome          text CHECK (outcome IN ('joined','linked','rekeyed','marked')),
  joined_case_id   uuid REFERENCES cases(id),      -- the target's case it joined or was linked to
  created_at       timestamptz NOT NULL,
  CHECK ((status = 'resolved') = (target_key IS NOT NULL AND target_url IS NOT NULL)),
  CHECK (status <> 'unresolvable' OR reason IS NOT NULL)
);
-- The resolver's queue: links to fetch, and outcomes not yet applied to their case.
CREATE INDEX short_links_due_idx ON short_links (next_attempt_at) WHERE status = 'pending' OR applied_at IS NULL;
CREATE INDEX short_links_case_idx ON short_links (case_id);
CREATE INDEX short_links_joined_idx ON short_links (joined_case_id) WHERE joined_case_id IS NOT NULL;
-- Cases still keyed by a short link: where the resolver finds new ones. A resolved case is re-keyed
-- to its target or merged (status 'merged'), leaving this index.
CREATE INDEX cases_short_key_idx ON cases (created_at) WHERE content_key LIKE '%:short:%' AND status <> 'merged';
