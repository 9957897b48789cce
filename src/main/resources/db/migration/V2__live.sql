-- Live counters across instances (issue 3).

-- The key of the presence hash that names a visitor in "Đang online" and de-duplication. Shared, so
-- a reader with pages open on two instances is one visitor; not rotated at midnight, so a reader who
-- stays across midnight is still one. Created once by whichever instance starts first.
CREATE TABLE presence_secret (
  id     boolean PRIMARY KEY DEFAULT true CHECK (id),
  secret bytea   NOT NULL
);

-- Each instance's visitors online right now, replaced whole every second. Unlogged: it is rebuilt
-- within a second of any restart, so it is not worth a write-ahead log entry per second.
CREATE UNLOGGED TABLE online_presence (
  instance text        PRIMARY KEY,
  visitors bigint[]    NOT NULL,
  seen_at  timestamptz NOT NULL
);
