-- Who is online on each instance, as a small image: its visitors' keys while they are few, else a CPC
-- sketch of them (issue 15). Each instance downloads another's image only when its sequence moved, so
-- neither PostgreSQL's work nor the bytes on the wire grow with the number of readers. Replaces
-- online_presence, which held every instance's whole online set and open pages.
CREATE UNLOGGED TABLE presence_images (
  instance  text        PRIMARY KEY,
  seen_at   timestamptz NOT NULL,
  sequence  bigint      NOT NULL,
  exact     bigint[],
  sketch    bytea,
  CHECK (exact IS NULL OR sketch IS NULL)
);
-- A sketch hardly compresses: store it as it is rather than try.
ALTER TABLE presence_images ALTER COLUMN sketch SET STORAGE EXTERNAL;

DROP TABLE online_presence;
