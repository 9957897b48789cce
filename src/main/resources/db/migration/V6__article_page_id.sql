-- An article names its page by id, as the rest of the schema does, rather than by the rule that its
-- path is '/articles/' || slug, which every query joining the two had to spell again.
ALTER TABLE articles ADD COLUMN page_id bigint REFERENCES pages (id);
UPDATE articles a SET page_id = p.id FROM pages p WHERE p.site_id = 1 AND p.path = '/articles/' || a.slug;
ALTER TABLE articles ALTER COLUMN page_id SET NOT NULL;
ALTER TABLE articles ADD UNIQUE (page_id);

-- An article added later (by the demo seed or a CMS import) gets its page, or the one a script already
-- counted at its path: the one place that knows where an article's page is.
CREATE OR REPLACE FUNCTION article_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pages (site_id, path, title) VALUES (1, '/articles/' || NEW.slug, left(NEW.title, 200))
  ON CONFLICT (site_id, path) DO NOTHING;
  SELECT id INTO NEW.page_id FROM pages WHERE site_id = 1 AND path = '/articles/' || NEW.slug;
  RETURN NEW;
END $$;
DROP TRIGGER article_page ON articles;
CREATE TRIGGER article_page BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION article_page();

-- Nothing looks pages up by age: the allowance of new pages is counted in memory.
DROP INDEX pages_by_creation;

-- New pages' ids start above any id a count was ever kept under: the count tables have no foreign
-- key, so an article deleted before V5 may have left rows under an id above every page's.
SELECT setval(pg_get_serial_sequence('pages', 'id'), greatest(
  (SELECT max(id) FROM pages), (SELECT max(page_id) FROM page_total_views),
  (SELECT max(page_id) FROM page_daily_views), (SELECT last_value FROM articles_id_seq), 1));
