package org.portalpulse.db;

/**
 * Every SQL statement the server sends, in one place; the schema is in
 * {@code src/main/resources/db/migration/} (Flyway). Statements for the Vert.x client number their
 * parameters {@code $1}, {@code $2}, … in the order they first appear; the few sent over JDBC at
 * start-up, before any verticle, use {@code ?}. Each long statement names its parameters above it.
 */
public final class SqlQueries {
  private SqlQueries() {
  }

  /**
   * LISTEN/NOTIFY channel on which a committed flush tells the other instances what it added (its
   * format is {@code counting.PeerFlush}'s), so that they add the same without a read; any other
   * payload, such as {@code baseline}, has them re-read every total. The statements below that notify
   * spell it out: {@code pg_notify('pulse_flushed', …)}.
   */
  public static final String PEER_FLUSHED_CHANNEL = "pulse_flushed";

  /**
   * LISTEN/NOTIFY channel on which a committed change of an article names the id of its page, so
   * that every instance re-reads that article: {@code pg_notify('articles_changed', page_id::text)}.
   */
  public static final String ARTICLES_CHANGED_CHANNEL = "articles_changed";

  /**
   * LISTEN/NOTIFY channel on which an instance names the visitors who opened a page on it after a view
   * another instance most likely served: the instance id, a space, then their presence keys in hex,
   * comma-separated, within PostgreSQL's 8 000 bytes: {@code pg_notify('pulse_presence', …)}.
   */
  public static final String PRESENCE_CHANNEL = "pulse_presence";

  // Start-up, over JDBC.

  public static final String ANY_ARTICLE = "SELECT EXISTS (SELECT 1 FROM articles)";

  /** Slug, title, summary, body, publication time; its page is found or made by a trigger (V6__article_page_id.sql). */
  public static final String INSERT_ARTICLE = """
      INSERT INTO articles (slug, title, summary, body, published_at) VALUES (?, ?, ?, ?, ?)
      """;

  /** The legacy views {@code ?} of the page of the article with slug {@code ?}. */
  public static final String SET_ARTICLE_LEGACY_VIEWS = """
      UPDATE pages p SET legacy_views = ? FROM articles a WHERE a.slug = ? AND p.id = a.page_id
      """;

  /**
   * The demo site's legacy total {@code ?}, only while the site has none: a baseline someone set is
   * never overwritten.
   */
  public static final String SET_DEMO_SITE_LEGACY_VIEWS = """
      UPDATE site_baseline SET legacy_views = ? WHERE legacy_views = 0
      """;

  /**
   * Returns the presence key every instance hashes visitors with, creating it from {@code ?} when
   * this is the first instance ever. The no-op update is what makes a row come back even when an
   * instance starting at the same moment inserted it first: PostgreSQL waits for that insert and
   * returns its secret.
   */
  public static final String ENSURE_PRESENCE_SECRET = """
      INSERT INTO presence_secret AS p (secret) VALUES (?)
      ON CONFLICT (id) DO UPDATE SET secret = p.secret
      RETURNING secret
      """;

  /**
   * {@code PULSE_LEGACY_TOTAL}: the value, then the value again. As {@link #SET_SITE_BASELINE} by the
   * setting's name, and only when the value differs; returns the old value when it changed.
   */
  public static final String APPLY_LEGACY_TOTAL = """
      WITH old AS (
        SELECT legacy_views FROM site_baseline WHERE legacy_views <> ? FOR UPDATE
      ), changed AS (
        UPDATE site_baseline SET legacy_views = v.value FROM (SELECT ?::bigint AS value) v
        WHERE EXISTS (SELECT 1 FROM old)
        RETURNING v.value
      )
      INSERT INTO baseline_audit (token_name, page_id, old_value, new_value)
      SELECT 'PULSE_LEGACY_TOTAL', NULL, old.legacy_views, changed.value FROM old, changed
      RETURNING old_value
      """;

  // The running server.

  /** Every published article with the id of its page, under which it is counted. */
  public static final String ALL_ARTICLES = """
      SELECT page_id, slug, title, summary, body, image_url, published_at, updated_at
      FROM articles
      WHERE unpublished_at IS NULL
      ORDER BY published_at DESC, page_id DESC
      """;

  /** As {@link #ALL_ARTICLES}, the published ones among the articles of pages {@code $1}. */
  public static final String ARTICLES_OF_PAGES = """
      SELECT page_id, slug, title, summary, body, image_url, published_at, updated_at
      FROM articles
      WHERE page_id = ANY($1::bigint[]) AND unpublished_at IS NULL
      """;

  /** Every page of the site, to find a page's id by its path without asking PostgreSQL. */
  public static final String ALL_PAGES = "SELECT id, path FROM pages WHERE site_id = 1";

  /**
   * The id of the page at path {@code $1}, titled {@code $2}, made now unless it exists (the no-op
   * update: see {@link #ENSURE_PRESENCE_SECRET}).
   */
  public static final String ENSURE_PAGE = """
      INSERT INTO pages AS p (site_id, path, title) VALUES (1, $1, $2)
      ON CONFLICT (site_id, path) DO UPDATE SET path = p.path
      RETURNING id
      """;

  /** Pages' titles as last reported: page ids {@code $1}, titles {@code $2}. */
  public static final String UPDATE_TITLES = """
      UPDATE pages p SET title = t.title
      FROM unnest($1::bigint[], $2::text[]) AS t(id, title)
      WHERE p.id = t.id AND p.title IS DISTINCT FROM t.title
      """;

  /**
   * What a reader's counters start from, as one row: the site total, the site's views per day from
   * {@code $1}, every page's total (legacy views included), and the snapshot they were read in, which
   * tells the peers' deltas it includes from those it does not.
   */
  public static final String TOTALS = """
      SELECT (SELECT views FROM site_total_views) + (SELECT legacy_views FROM site_baseline) AS site_total,
             d.days, d.day_views, a.ids, a.page_views, pg_current_snapshot()::text AS snapshot
      FROM (SELECT array_agg(day ORDER BY day) AS days, array_agg(views ORDER BY day) AS day_views
            FROM (SELECT day, sum(views)::bigint AS views FROM site_hourly_views WHERE day >= $1 GROUP BY day) x) d,
           (SELECT array_agg(p.id) AS ids, array_agg(p.legacy_views + coalesce(t.views, 0)) AS page_views
            FROM pages p LEFT JOIN page_total_views t ON t.page_id = p.id) a
      """;

  /**
   * One flush is one statement, hence one implicit transaction: the batch id row and every additive
   * upsert commit together or not at all. A replayed batch id inserts nothing, so nothing is added
   * twice. An applied batch notifies the other instances on commit with what it added, in the chunks
   * {@code $15} (see {@link #PEER_FLUSHED_CHANNEL}), each behind this instance's id and the transaction's,
   * which is also returned, so that a re-read can tell the deltas it includes.
   *
   * <pre>
   *   $1  batch id (uuid)             $2  instance id         $3  views in the batch
   *   $4  site hours: days            $5  hours of the day    $6  views
   *   $7  page days: days             $8  page ids            $9  views
   *   $10 page totals: page ids       $11 views               (one row per page)
   *   $12 new visitors: days          $13 hours of the day    $14 visitor ids
   *   $15 notification chunks (text)
   * </pre>
   */
  public static final String FLUSH = """
      WITH batch AS (
        INSERT INTO flush_batches (batch_id, instance, views) VALUES ($1, $2, $3)
        ON CONFLICT (batch_id) DO NOTHING
        RETURNING batch_id
      ), site_hours AS (
        INSERT INTO site_hourly_views AS s (day, hour, views)
        SELECT d, h, v FROM unnest($4::date[], $5::smallint[], $6::bigint[]) AS t(d, h, v)
        WHERE EXISTS (SELECT 1 FROM batch)
        ON CONFLICT (day, hour) DO UPDATE SET views = s.views + EXCLUDED.views
      ), page_days AS (
        INSERT INTO page_daily_views AS a (day, page_id, views)
        SELECT d, id, v FROM unnest($7::date[], $8::bigint[], $9::bigint[]) AS t(d, id, v)
        WHERE EXISTS (SELECT 1 FROM batch)
        ON CONFLICT (day, page_id) DO UPDATE SET views = a.views + EXCLUDED.views
      ), page_totals AS (
        INSERT INTO page_total_views AS a (page_id, views)
        SELECT id, v FROM unnest($10::bigint[], $11::bigint[]) AS t(id, v)
        WHERE EXISTS (SELECT 1 FROM batch)
        ON CONFLICT (page_id) DO UPDATE SET views = a.views + EXCLUDED.views
      ), site_total AS (
        UPDATE site_total_views SET views = views + $3
        WHERE EXISTS (SELECT 1 FROM batch)
      ), visitors AS (
        INSERT INTO visitor_batches (batch_id, day, hour, visitors)
        SELECT $1, d, h, array_agg(v ORDER BY v)
        FROM unnest($12::date[], $13::smallint[], $14::bigint[]) AS t(d, h, v)
        WHERE EXISTS (SELECT 1 FROM batch)
        GROUP BY d, h
      )
      SELECT (SELECT count(*) FROM batch) AS applied,
             (SELECT pg_current_xact_id()::text FROM batch) AS xid,
             (SELECT count(pg_notify('pulse_flushed', '2|' || $2 || '|' || pg_current_xact_id() || '|' || chunk))
              FROM batch, unnest($15::text[]) AS chunk) AS notified
      """;

  /**
   * Creates the salt {@code $2} of day {@code $1} unless another instance already did, and returns
   * whichever won (the no-op update: see {@link #ENSURE_PRESENCE_SECRET}).
   */
  public static final String ENSURE_SALT = """
      INSERT INTO daily_salts AS s (day, salt) VALUES ($1, $2)
      ON CONFLICT (day) DO UPDATE SET salt = s.salt
      RETURNING salt
      """;

  public static final String DELETE_OLD_SALTS = "DELETE FROM daily_salts WHERE day < $1";

  public static final String DELETE_OLD_BATCHES = "DELETE FROM flush_batches WHERE flushed_at < now() - make_interval(days => $1)";

  /**
   * Rolls up the oldest day before {@code $1} that still holds visitor ids, in one statement: its
   * unique visitors per day and per hour are counted and stored, and its ids deleted. Returns that day
   * and how many batch rows it held, or no row when no day before {@code $1} holds ids, or when another
   * instance is rolling up right now (the advisory lock, held to the end of the statement: two
   * statements deleting the same day's rows in a different order could each count a part of it).
   * The figures are added to what the day already has: nothing the first time; for ids a flush wrote
   * after the rollup (retried after an outage), their own count, since the ids they may repeat are gone.
   * A statement whose snapshot still shows a day another instance has just rolled up deletes nothing
   * and counts nothing: it returns 0 batches.
   */
  public static final String ROLL_UP_DAY = """
      WITH turn AS (
        SELECT pg_try_advisory_xact_lock(4815162342) AS mine
      ), closing AS (
        SELECT day FROM visitor_batches WHERE day < $1 AND (SELECT mine FROM turn) ORDER BY day LIMIT 1
      ), gone AS (
        DELETE FROM visitor_batches b USING closing c WHERE b.day = c.day
        RETURNING b.day, b.hour, b.visitors
      ), ids AS (
        SELECT g.day, g.hour, v FROM gone g, unnest(g.visitors) AS v
      ), days AS (
        INSERT INTO visitor_days AS d (day, visitors)
        SELECT day, count(DISTINCT v) FROM ids GROUP BY day
        ON CONFLICT (day) DO UPDATE SET visitors = d.visitors + EXCLUDED.visitors
      ), hours AS (
        INSERT INTO visitor_hours AS h (day, hour, visitors)
        SELECT day, hour, count(DISTINCT v) FROM ids GROUP BY day, hour
        ON CONFLICT (day, hour) DO UPDATE SET visitors = h.visitors + EXCLUDED.visitors
      )
      SELECT c.day, (SELECT count(*) FROM gone) AS batches FROM closing c
      """;

  /**
   * This instance's heartbeat, and its presence image when {@code $4}; drops the images of instances
   * gone silent; announces the visitors who opened a page here after a view elsewhere; and returns
   * every other live instance with its image's sequence, and the image itself only when that sequence
   * differs from the one this instance holds ({@code $7}, {@code $8}). Sequences come from one database
   * sequence, so a row made again (after it was dropped as silent) never repeats one a peer holds.
   * Always one row at least: {@code inserted} says the row was made by this statement (so it holds the
   * image only if {@code $4}), and the announcements are sent whether or not any other instance is live.
   *
   * <pre>
   *   $1 instance id   $2 its keys, or null   $3 its sketch, or null   $4 they changed (else both are ignored)
   *   $5 seconds after which a silent instance no longer counts   $6 announcements: payloads of keys in hex
   *   $7 instances whose image this one holds   $8 the sequences it holds for them
   * </pre>
   */
  public static final String SHARE_PRESENCE = """
      WITH mine AS (
        INSERT INTO presence_images AS p (instance, seen_at, sequence, exact, sketch)
        VALUES ($1, now(), nextval('presence_image_sequence'), $2, $3)
        ON CONFLICT (instance) DO UPDATE
        SET seen_at = now(),
            sequence = CASE WHEN $4 THEN nextval('presence_image_sequence') ELSE p.sequence END,
            exact = CASE WHEN $4 THEN EXCLUDED.exact ELSE p.exact END,
            sketch = CASE WHEN $4 THEN EXCLUDED.sketch ELSE p.sketch END
        RETURNING xmax = 0 AS inserted
      ), silent AS (
        DELETE FROM presence_images WHERE instance <> $1 AND seen_at < now() - make_interval(secs => $5::int)
      ), announced AS (
        SELECT count(pg_notify('pulse_presence', $1 || ' ' || payload)) AS notified FROM unnest($6::text[]) AS payload
      ), others AS (
        SELECT p.instance, p.sequence,
               CASE WHEN h.sequence IS DISTINCT FROM p.sequence THEN p.exact END AS exact,
               CASE WHEN h.sequence IS DISTINCT FROM p.sequence THEN p.sketch END AS sketch
        FROM presence_images p
        LEFT JOIN unnest($7::text[], $8::bigint[]) AS h (instance, sequence) ON h.instance = p.instance
        WHERE p.instance <> $1 AND p.seen_at >= now() - make_interval(secs => $5::int)
      )
      SELECT mine.inserted, announced.notified, others.*
      FROM mine CROSS JOIN announced LEFT JOIN others ON true
      """;

  public static final String FORGET_PRESENCE = "DELETE FROM presence_images WHERE instance = $1";

  // The admin API. Days and hours are the site's local ones, as stored.

  /** Views per stored hour from {@code $1} to {@code $2}. */
  public static final String SITE_VIEWS_BY_HOUR = """
      SELECT day, hour, views FROM site_hourly_views WHERE day BETWEEN $1 AND $2
      """;

  /**
   * Distinct visitors per hour from {@code $1} to {@code $2}: rolled up once their day is over, else
   * counted from the ids (the view is in V10__history_rollups.sql).
   */
  public static final String VISITORS_BY_HOUR = """
      SELECT day, hour, visitors FROM hourly_unique_visitors WHERE day BETWEEN $1 AND $2
      """;

  /** Views per day from {@code $1} to {@code $2}. */
  public static final String SITE_VIEWS_BY_DAY = """
      SELECT day, sum(views)::bigint AS views FROM site_hourly_views WHERE day BETWEEN $1 AND $2 GROUP BY day
      """;

  /**
   * Distinct visitors per day from {@code $1} to {@code $2}, as {@link #VISITORS_BY_HOUR} (ids change
   * every day, so days do not add up to more).
   */
  public static final String VISITORS_BY_DAY = """
      SELECT day, visitors FROM daily_unique_visitors WHERE day BETWEEN $1 AND $2
      """;

  /** Page {@code $1}'s views per day from {@code $2} to {@code $3}. */
  public static final String PAGE_VIEWS_BY_DAY = """
      SELECT day, views FROM page_daily_views WHERE page_id = $1 AND day BETWEEN $2 AND $3
      """;

  /**
   * The {@code $3} most viewed pages from {@code $1} to {@code $2}, with their titles as last
   * reported and, for an article's page, the article's slug and title.
   */
  public static final String TOP_PAGES = """
      SELECT p.path, coalesce(a.title, p.title) AS title, a.slug, t.views
      FROM (SELECT page_id, sum(views)::bigint AS views FROM page_daily_views
            WHERE day BETWEEN $1 AND $2 GROUP BY page_id
            ORDER BY views DESC, page_id LIMIT $3) t
      JOIN pages p ON p.id = t.page_id
      LEFT JOIN articles a ON a.page_id = p.id
      ORDER BY t.views DESC, p.path
      """;

  public static final String BASELINES = """
      SELECT NULL::text AS slug, NULL::text AS title, legacy_views FROM site_baseline
      UNION ALL
      (SELECT a.slug, a.title, p.legacy_views
       FROM articles a JOIN pages p ON p.id = a.page_id
       ORDER BY a.published_at DESC, a.id DESC)
      """;

  /**
   * Sets the site-wide baseline to {@code $1} for token {@code $2}, keeps the change in the audit
   * table and tells every instance (this one too) to re-read its totals; returns the old value.
   */
  public static final String SET_SITE_BASELINE = """
      WITH old AS (
        SELECT legacy_views FROM site_baseline FOR UPDATE
      ), changed AS (
        UPDATE site_baseline SET legacy_views = $1
      ), audited AS (
        INSERT INTO baseline_audit (token_name, page_id, old_value, new_value)
        SELECT $2, NULL, legacy_views, $1 FROM old
        RETURNING id
      )
      SELECT old.legacy_views AS old_value,
             (SELECT count(pg_notify('pulse_flushed', 'baseline')) FROM audited) AS notified
      FROM old
      """;

  /**
   * As {@link #SET_SITE_BASELINE}, for the article with slug {@code $1}: its baseline becomes
   * {@code $2}, changed by token {@code $3}. No row when no article has that slug.
   */
  public static final String SET_ARTICLE_BASELINE = """
      WITH old AS (
        SELECT p.id, p.legacy_views FROM pages p JOIN articles a ON p.id = a.page_id
        WHERE a.slug = $1 FOR UPDATE OF p
      ), changed AS (
        UPDATE pages SET legacy_views = $2 WHERE id IN (SELECT id FROM old)
      ), audited AS (
        INSERT INTO baseline_audit (token_name, page_id, old_value, new_value)
        SELECT $3, id, legacy_views, $2 FROM old
        RETURNING id
      )
      SELECT old.legacy_views AS old_value,
             (SELECT count(pg_notify('pulse_flushed', 'baseline')) FROM audited) AS notified
      FROM old
      """;

  /** The latest {@code $1} baseline changes, newest first. */
  public static final String BASELINE_AUDIT = """
      SELECT c.changed_at, c.token_name, a.slug, c.old_value, c.new_value
      FROM baseline_audit c LEFT JOIN articles a ON a.page_id = c.page_id
      ORDER BY c.changed_at DESC, c.id DESC
      LIMIT $1
      """;

  // Publishing. Each change is one statement: the article, its audit row and the notification that
  // makes every instance re-read it (and its totals, when its legacy views changed).

  /**
   * Adds an article under the first free slug of {@code $1}, {@code $1}-2, {@code $1}-3, …, with the
   * page at its path (made now, or the one a script already counted there) holding its legacy views.
   * Returns its slug and page id. Two writers racing for one slug: one gets 23505, and tries again.
   *
   * <pre>
   *   $1 slug from the title   $2 title             $3 legacy views or null (0, or the page's, stays)
   *   $4 summary               $5 body (sanitised HTML)                  $6 publication time
   *   $7 image URL or null     $8 feed item key or null                  $9 feed item's page path or null
   *   $10 token name
   * </pre>
   */
  public static final String CREATE_ARTICLE = """
      WITH slug AS (
        SELECT c.slug FROM (
          SELECT $1::text AS slug, 1 AS n
          UNION ALL
          SELECT $1::text || '-' || n, n
          FROM generate_series(2, 2 + (SELECT count(*)::int FROM articles WHERE slug LIKE $1::text || '-%')) n
        ) c
        WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.slug = c.slug)
        ORDER BY c.n LIMIT 1
      ), before AS (
        SELECT p.legacy_views FROM pages p, slug s WHERE p.site_id = 1 AND p.path = '/articles/' || s.slug
      ), page AS (
        INSERT INTO pages AS p (site_id, path, title, legacy_views)
        SELECT 1, '/articles/' || s.slug, left($2::text, 200), coalesce($3::bigint, 0) FROM slug s
        ON CONFLICT (site_id, path) DO UPDATE SET legacy_views = coalesce($3::bigint, p.legacy_views)
        RETURNING id
      ), article AS (
        INSERT INTO articles (slug, title, summary, body, published_at, image_url, source_key, source_path, page_id, updated_at)
        SELECT s.slug, $2::text, $4::text, $5::text, $6::timestamptz, $7::text, $8::text, $9::text, page.id, now()
        FROM slug s, page
        RETURNING page_id, slug
      ), audited AS (
        INSERT INTO article_audit (token_name, page_id, action, title)
        SELECT $10::text, page_id, 'created', $2::text FROM article
      ), baseline AS (
        INSERT INTO baseline_audit (token_name, page_id, old_value, new_value)
        SELECT $10::text, a.page_id, coalesce((SELECT legacy_views FROM before), 0), $3::bigint FROM article a
        WHERE $3::bigint IS NOT NULL AND $3::bigint <> coalesce((SELECT legacy_views FROM before), 0)
        RETURNING id
      )
      SELECT a.slug, a.page_id,
             (SELECT count(pg_notify('articles_changed', n.page_id::text)) FROM article n) AS notified,
             (SELECT count(pg_notify('pulse_flushed', 'baseline')) FROM baseline) AS legacy_changed
      FROM article a
      """;

  /**
   * Changes the article with slug {@code $1}: each field given replaces the stored one, a null keeps
   * it. Its slug, page and counts stay. Nothing is written, audited or notified unless a value
   * differs. No row when no article has that slug.
   *
   * <pre>
   *   $1 slug                $2 title or null        $3 summary or null    $4 body (sanitised HTML) or null
   *   $5 publication time or null                    $6 whether $7 replaces the image      $7 image URL or null
   *   $8 feed item's page path or null               $9 legacy views or null               $10 token name
   * </pre>
   */
  public static final String UPDATE_ARTICLE = """
      WITH old AS (
        SELECT a.id, a.page_id, a.title, a.summary, a.body, a.published_at, a.image_url, a.source_path, p.legacy_views
        FROM articles a JOIN pages p ON p.id = a.page_id
        WHERE a.slug = $1::text
        FOR UPDATE OF a, p
      ), new AS (
        SELECT o.id, o.page_id, coalesce($2::text, o.title) AS title, coalesce($3::text, o.summary) AS summary,
               coalesce($4::text, o.body) AS body, coalesce($5::timestamptz, o.published_at) AS published_at,
               CASE WHEN $6::boolean THEN $7::text ELSE o.image_url END AS image_url,
               coalesce($8::text, o.source_path) AS source_path,
               coalesce($9::bigint, o.legacy_views) AS legacy_views
        FROM old o
      ), article AS (
        UPDATE articles a SET title = n.title, summary = n.summary, body = n.body, published_at = n.published_at,
                              image_url = n.image_url, source_path = n.source_path, updated_at = now()
        FROM new n, old o
        WHERE a.id = n.id AND o.id = n.id
          AND (n.title, n.summary, n.body, n.published_at, n.image_url, n.source_path)
              IS DISTINCT FROM (o.title, o.summary, o.body, o.published_at, o.image_url, o.source_path)
        RETURNING a.page_id, a.title
      ), audited AS (
        INSERT INTO article_audit (token_name, page_id, action, title)
        SELECT $10::text, page_id, 'updated', title FROM article
      ), page AS (
        UPDATE pages p SET legacy_views = n.legacy_views
        FROM new n, old o
        WHERE p.id = n.page_id AND o.id = n.id AND n.legacy_views <> o.legacy_views
      ), baseline AS (
        INSERT INTO baseline_audit (token_name, page_id, old_value, new_value)
        SELECT $10::text, o.page_id, o.legacy_views, n.legacy_views
        FROM old o, new n WHERE o.id = n.id AND n.legacy_views <> o.legacy_views
        RETURNING id
      )
      SELECT o.page_id,
             (SELECT count(pg_notify('articles_changed', page_id::text)) FROM article) AS content_changed,
             (SELECT count(pg_notify('pulse_flushed', 'baseline')) FROM baseline) AS legacy_changed
      FROM old o
      """;

  /**
   * Publishes ({@code $2} true) or withdraws the article with slug {@code $1} for token {@code $3};
   * its page and counts stay either way. {@code changed} is 0 when it already was so. No row when no
   * article has that slug.
   */
  public static final String SET_ARTICLE_PUBLISHED = """
      WITH old AS (
        SELECT id, unpublished_at IS NULL AS published FROM articles WHERE slug = $1::text FOR UPDATE
      ), article AS (
        UPDATE articles a SET unpublished_at = CASE WHEN $2::boolean THEN NULL ELSE now() END
        FROM old o WHERE a.id = o.id AND o.published <> $2::boolean
        RETURNING a.page_id, a.title
      ), audited AS (
        INSERT INTO article_audit (token_name, page_id, action, title)
        SELECT $3::text, page_id, CASE WHEN $2::boolean THEN 'republished' ELSE 'unpublished' END, title FROM article
      )
      SELECT (SELECT count(pg_notify('articles_changed', page_id::text)) FROM article) AS changed
      FROM old
      """;

  /** The article with slug {@code $1} as stored, published or not, with its page's path and legacy views. */
  public static final String ARTICLE = """
      SELECT a.slug, a.title, a.summary, a.body, a.image_url, a.published_at, a.updated_at,
             a.unpublished_at IS NULL AS published, a.source_key, p.path, p.legacy_views
      FROM articles a JOIN pages p ON p.id = a.page_id
      WHERE a.slug = $1
      """;

  /** The slug of the article imported from the feed item with key {@code $1}. */
  public static final String ARTICLE_OF_SOURCE = "SELECT slug FROM articles WHERE source_key = $1";

  /** The latest {@code $1} article changes, newest first. */
  public static final String ARTICLE_AUDIT = """
      SELECT c.changed_at, c.token_name, a.slug, c.action, c.title
      FROM article_audit c JOIN articles a ON a.page_id = c.page_id
      ORDER BY c.changed_at DESC, c.id DESC
      LIMIT $1
      """;

  /**
   * Sets to {@code $2} the legacy views of the page that the old address {@code $1} (a normalised
   * path) now is: the article imported from the item linked there, else the page counted at that
   * path. Token {@code $3}, audited and notified as {@link #SET_ARTICLE_BASELINE}, and only when the
   * value differs. No row when no page matches; {@code changed} is 0 when it already had that value.
   */
  public static final String SET_LEGACY_VIEWS_AT = """
      WITH old AS (
        SELECT p.id, p.legacy_views FROM pages p
        WHERE p.id = coalesce((SELECT a.page_id FROM articles a WHERE a.source_path = $1 ORDER BY a.id LIMIT 1),
                              (SELECT q.id FROM pages q WHERE q.site_id = 1 AND q.path = $1))
        FOR UPDATE
      ), changed AS (
        UPDATE pages p SET legacy_views = $2 FROM old o WHERE p.id = o.id AND o.legacy_views <> $2
        RETURNING p.id
      ), audited AS (
        INSERT INTO baseline_audit (token_name, page_id, old_value, new_value)
        SELECT $3, o.id, o.legacy_views, $2 FROM old o JOIN changed c ON c.id = o.id
        RETURNING id
      )
      SELECT (SELECT count(pg_notify('pulse_flushed', 'baseline')) FROM audited) AS changed
      FROM old
      """;
}
