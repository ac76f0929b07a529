-- "My sessions" (issue 13): what a person is shown of each of their sessions to recognise it.
-- Summaries only (src/core/session-device.ts): the browser and system ("Firefox 128 · Windows"),
-- not the User-Agent header, and the network (a /24 or /48), not the address. Null for sessions
-- opened before this migration, or from a client that said nothing recognisable.
ALTER TABLE sessions ADD COLUMN device text CHECK (length(device) <= 60);
ALTER TABLE sessions ADD COLUMN network text CHECK (length(network) <= 64);
