-- Pages as first-class counters (issue 13): any page of a portal, served by Portal Pulse or by another
-- CMS, is counted under its normalised path. Portal Pulse's own articles are pages too.

-- The portals one server counts for. One today; pages belong to a site from the start, so that
-- several portals can share a server later without moving any row.
CREATE TABLE sites (
  id   integer PRIMARY KEY,
  name text    NOT NULL UNIQUE
);
INSERT INTO sites (id, name) VALUES (1, 'default');

-- path: scheme, host, fragment and tracking parameters dropped, percent-encoding normalised.
-- title: as last reported by the page. legacy_views: the count carried over from an old CMS.
CREATE TABLE pages (
  id           bigserial   PRIMARY KEY,
  site_id      integer     NOT NULL REFERENCES sites (id),
  path         text        NOT NULL CHECK (octet_length(path) BETWEEN 1 AND 512),
  title        text        NOT NULL DEFAULT '' CHECK (char_length(title) <= 200),
  legacy_views bigint      NOT NULL DEFAULT 0 CHECK (legacy_views >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, path)
);
CREATE INDEX pages_by_creation ON pages (site_id, created_at);

-- Every article becomes the page at its path and keeps its id, so its counts carry over untouched.
INSERT INTO pages (id, site_id, path, title, legacy_views, created_at)
SELECT id, 1, '/articles/' || slug, left(title, 200), legacy_views, published_at FROM articles;
SELECT setval(pg_get_serial_sequence('pages', 'id'), greatest((SELECT max(id) FROM pages), 1));
ALTER TABLE articles DROP COLUMN legacy_views;

-- An article added later (by the demo seed or a CMS import) gets its page, or finds the one a script
-- already counted at its path.
CREATE FUNCTION article_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pages (site_id, path, title) VALUES (1, '/articles/' || NEW.slug, left(NEW.title, 200))
  ON CONFLICT (site_id, path) DO NOTHING;
  RETURN NEW;
END $$;
CREATE TRIGGER article_page AFTER INSERT ON articles FOR EACH ROW EXECUTE FUNCTION article_page();

ALTER TABLE article_daily_views RENAME TO page_daily_views;
ALTER TABLE page_daily_views RENAME COLUMN article_id TO page_id;
ALTER TABLE page_daily_views RENAME CONSTRAINT article_daily_views_pkey TO page_daily_views_pkey;
ALTER INDEX article_daily_views_by_article RENAME TO page_daily_views_by_page;

ALTER TABLE article_total_views RENAME TO page_total_views;
ALTER TABLE page_total_views RENAME COLUMN article_id TO page_id;
ALTER TABLE page_total_views RENAME CONSTRAINT article_total_views_pkey TO page_total_views_pkey;

-- Baseline changes name the page; an article's page has the article's id, so old rows still read right.
ALTER TABLE baseline_audit DROP CONSTRAINT baseline_audit_article_id_fkey;
ALTER TABLE baseline_audit RENAME COLUMN article_id TO page_id;
ALTER TABLE baseline_audit ADD FOREIGN KEY (page_id) REFERENCES pages (id);
