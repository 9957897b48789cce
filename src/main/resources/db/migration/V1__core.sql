-- Articles the portal serves. legacy_views is the count a portal carried over from its old CMS.
CREATE TABLE articles (
  id           bigserial   PRIMARY KEY,
  slug         text        NOT NULL UNIQUE,
  title        text        NOT NULL,
  summary      text        NOT NULL,
  body         text        NOT NULL,
  published_at timestamptz NOT NULL,
  legacy_views bigint      NOT NULL DEFAULT 0 CHECK (legacy_views >= 0)
);
CREATE INDEX articles_newest_first ON articles (published_at DESC, id DESC);

-- The site-wide count carried over from the old CMS: "Tất cả" = this + every counted view.
CREATE TABLE site_baseline (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  legacy_views bigint  NOT NULL DEFAULT 0 CHECK (legacy_views >= 0)
);
INSERT INTO site_baseline DEFAULT VALUES;

-- Counted views, additive only. Hours are local hours in the site's time zone.
CREATE TABLE site_hourly_views (
  day   date     NOT NULL,
  hour  smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  views bigint   NOT NULL CHECK (views >= 0),
  PRIMARY KEY (day, hour)
);

-- No foreign key to articles: a batch must never be refused because an article was removed.
CREATE TABLE article_daily_views (
  day        date   NOT NULL,
  article_id bigint NOT NULL,
  views      bigint NOT NULL CHECK (views >= 0),
  PRIMARY KEY (day, article_id)
);
CREATE INDEX article_daily_views_by_article ON article_daily_views (article_id, day);

-- Running totals, kept in the same statement as the rows above so "Tất cả" is one row read.
CREATE TABLE site_total_views (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  views     bigint  NOT NULL DEFAULT 0 CHECK (views >= 0)
);
INSERT INTO site_total_views DEFAULT VALUES;

CREATE TABLE article_total_views (
  article_id bigint PRIMARY KEY,
  views      bigint NOT NULL CHECK (views >= 0)
);

-- Who visited in each local hour, as written by each flush: 64-bit visitor ids, keyed hashes under
-- that day's secret salt, so they link nothing across days. One row per flush and hour, not one per
-- visitor: an array costs PostgreSQL a fraction of what an index entry per visitor costs, and
-- distinct counts are exact when read (two visitors of a day collide with odds of 1 in 10^7 at a million).
CREATE TABLE visitor_batches (
  batch_id uuid     NOT NULL,
  day      date     NOT NULL,
  hour     smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  visitors bigint[] NOT NULL,
  PRIMARY KEY (day, hour, batch_id)
);

CREATE VIEW daily_unique_visitors AS
  SELECT b.day, count(DISTINCT v) AS visitors
  FROM visitor_batches b, unnest(b.visitors) AS v
  GROUP BY b.day;

-- Shared by every instance; deleted once no longer needed, which makes old hashes unlinkable.
CREATE TABLE daily_salts (
  day  date  PRIMARY KEY,
  salt bytea NOT NULL
);

-- One row per applied flush: a replayed batch id is a no-op, which makes flushing exactly once.
CREATE TABLE flush_batches (
  batch_id   uuid        PRIMARY KEY,
  instance   text        NOT NULL,
  views      bigint      NOT NULL,
  flushed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flush_batches_by_time ON flush_batches (flushed_at);
