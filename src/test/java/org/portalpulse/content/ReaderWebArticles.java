package org.portalpulse.content;

import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.Migrations;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.OffsetDateTime;

/**
 * A portal of 25 articles written straight into PostgreSQL: 24 plain ones and, newest of all, one whose
 * title and summary hold what HTML, XML and JSON must each escape, and characters XML cannot hold.
 */
final class ReaderWebArticles {
  static final String TRICKY_SLUG = "gia-vang-bac-tang";
  static final String TRICKY_TITLE = "Giá <b>\"vàng\"</b> & 'bạc' </script><script>alert(1)</script> tăng";
  static final String TRICKY_SUMMARY = "Tóm tắt có <i>thẻ</i> & \"ngoặc kép\", 'nháy đơn',\u2028dòng mới\u2029 và ký tự điều khiển \u0001.";
  /** The summary as an XML document can carry it: without the control character. */
  static final String TRICKY_SUMMARY_IN_XML = TRICKY_SUMMARY.replace("\u0001", "");
  static final OffsetDateTime NEWEST = OffsetDateTime.parse("2026-12-01T08:15:30+07:00");
  static final int PLAIN = 24;
  /** The one plain article edited after it was published, and given an image. */
  static final int EDITED = 3;
  static final OffsetDateTime EDITED_AT = NEWEST.plusHours(2);
  static final String EDITED_IMAGE = "https://anh.example.vn/bai-3.jpg?w=1200&h=630";
  static final int ALL = PLAIN + 1;

  private ReaderWebArticles() {
  }

  /** A new database holding the articles; the server started on it adds no demo articles. */
  static String database() {
    String databaseUrl = TestPostgres.newDatabaseUrl();
    PostgresUrl url = PostgresUrl.parse(databaseUrl);
    Migrations.migrate(url);
    for (int i = 0; i < PLAIN; i++) {
      insert(url, plainSlug(i), "Bài số " + i, "Tóm tắt bài số " + i, plainPublished(i));
    }
    insert(url, TRICKY_SLUG, TRICKY_TITLE, TRICKY_SUMMARY, NEWEST);
    Sql.update(url, "UPDATE articles SET updated_at = ?, image_url = ? WHERE slug = ?", EDITED_AT, EDITED_IMAGE, plainSlug(EDITED));
    return databaseUrl;
  }

  /** The {@code i}-th plain article, 0 the newest. */
  static String plainSlug(int i) {
    return "bai-so-" + i;
  }

  static OffsetDateTime plainPublished(int i) {
    return NEWEST.minusHours(i + 1L);
  }

  /** {@code lastModified}: when it was last edited, as publishing records it. */
  static OffsetDateTime lastModified(int i) {
    return i == EDITED ? EDITED_AT : plainPublished(i);
  }

  private static void insert(PostgresUrl url, String slug, String title, String summary, OffsetDateTime published) {
    Sql.update(url, "INSERT INTO articles (slug, title, summary, body, published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        slug, title, summary, "<p>Đoạn một.</p><p>Đoạn hai.</p>", published, published);
  }
}
