-- Who is online on each instance, as a small image: its visitors' keys while they are few, else a CPC
-- sketch of them (issue 15). Each instance downloads another's image only when its sequence moved, so
-- neither PostgreSQL's work nor the bytes on the wire grow with the number of readers. It replaces
-- online_presence (every instance's whole online set and open pages), which stays for one release: the
-- instances of the release before still use it during a rolling deploy (each half then counts its own).
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
-- One for all instances, so that a row made again never repeats a sequence a peer holds.
CREATE SEQUENCE presence_image_sequence;
