-- History that stays fast as it grows (issue 15). Once a local day is over, its unique visitors, per
-- day and per hour, are counted once and kept here, and the visitor ids they were counted from are
-- deleted (counting/HistoryRollup). Views need no table of their own: site_hourly_views already holds
-- one row per hour, kept exact by every flush, late ones included.
--
-- A day is rolled up whole, its hours with it: its ids are needed for the day's unique visitors until
-- the day is over, so an hour's figure stored earlier would save no space, only add a second writer.

CREATE TABLE visitor_days (
  day      date   PRIMARY KEY,
  visitors bigint NOT NULL CHECK (visitors >= 0)
);

CREATE TABLE visitor_hours (
  day      date     NOT NULL,
  hour     smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  visitors bigint   NOT NULL CHECK (visitors >= 0),
  PRIMARY KEY (day, hour)
);

-- Unique visitors as the admin API reads them: a rolled-up day from the rollup, any other day (today,
-- or a day the rollup has not reached yet) from its ids. Ids of a rolled-up day that arrive late (a
-- flush retried after an outage) are not read here until the next rollup adds them.
CREATE OR REPLACE VIEW daily_unique_visitors AS
  SELECT day, visitors FROM visitor_days
  UNION ALL
  SELECT b.day, count(DISTINCT v) AS visitors
  FROM visitor_batches b, unnest(b.visitors) AS v
  WHERE NOT EXISTS (SELECT 1 FROM visitor_days d WHERE d.day = b.day)
  GROUP BY b.day;

CREATE VIEW hourly_unique_visitors AS
  SELECT day, hour, visitors FROM visitor_hours
  UNION ALL
  SELECT b.day, b.hour, count(DISTINCT v) AS visitors
  FROM visitor_batches b, unnest(b.visitors) AS v
  WHERE NOT EXISTS (SELECT 1 FROM visitor_days d WHERE d.day = b.day)
  GROUP BY b.day, b.hour;
