-- Articles published through the admin API or imported from a feed (issue 14).
--   image_url:      an http(s) picture for previews, or none
--   updated_at:     the last change of what readers see
--   unpublished_at: set while the article is withdrawn; its page and counts stay
--   source_key:     the feed item it came from (RSS guid, Atom id, else its link): importing again updates it
--   source_path:    that item's link as a page path, which a url,views file from the old CMS names
ALTER TABLE articles
  ADD COLUMN image_url      text CHECK (image_url ~* '^https?://'),
  ADD COLUMN updated_at     timestamptz,
  ADD COLUMN unpublished_at timestamptz,
  ADD COLUMN source_key     text UNIQUE,
  ADD COLUMN source_path    text;
UPDATE articles SET updated_at = published_at;
ALTER TABLE articles ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();
CREATE INDEX articles_by_source_path ON articles (source_path) WHERE source_path IS NOT NULL;

-- Bodies become HTML, sanitised when written: the plain-text bodies so far, with blank lines between
-- paragraphs, become escaped <p> elements, as they were rendered until now.
UPDATE articles a SET body = coalesce((
  SELECT string_agg('<p>' || replace(replace(replace(replace(t.p, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;')
                    || '</p>', '' ORDER BY s.n)
  FROM regexp_split_to_table(a.body, '\n\s*\n') WITH ORDINALITY AS s(raw, n),
       LATERAL btrim(s.raw, E' \t\r\n') AS t(p)
  WHERE t.p <> ''), '');

-- Every change of an article, who made it (the admin token's name, or the import command) and what.
CREATE TABLE article_audit (
  id         bigserial   PRIMARY KEY,
  changed_at timestamptz NOT NULL DEFAULT now(),
  token_name text        NOT NULL,
  page_id    bigint      NOT NULL REFERENCES pages (id),
  action     text        NOT NULL CHECK (action IN ('created', 'updated', 'unpublished', 'republished')),
  title      text        NOT NULL
);
CREATE INDEX article_audit_by_time ON article_audit (changed_at DESC);

-- An article written with its page already chosen (the admin API makes the page in the same statement,
-- with its legacy views) keeps it; one without finds or makes the page at its path, as before.
CREATE OR REPLACE FUNCTION article_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.page_id IS NULL THEN
    INSERT INTO pages (site_id, path, title) VALUES (1, '/articles/' || NEW.slug, left(NEW.title, 200))
    ON CONFLICT (site_id, path) DO NOTHING;
    SELECT id INTO NEW.page_id FROM pages WHERE site_id = 1 AND path = '/articles/' || NEW.slug;
  END IF;
  RETURN NEW;
END $$;
