-- Named, expiring claims on work only one process may do at a time, across every process on the
-- database (issue 11: concurrent reindexes). A lease, not a session advisory lock: the Db
-- interface hands out no dedicated connection, and a holder that dies frees it when it expires.
CREATE TABLE leases (
  name        text PRIMARY KEY,
  holder      text NOT NULL,
  expires_at  timestamptz NOT NULL
);
