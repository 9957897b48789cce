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
    return databaseUrl;
  }

  /** The {@code i}-th plain article, 0 the newest. */
  static String plainSlug(int i) {
    return "bai-so-" + i;
  }

  static OffsetDateTime plainPublished(int i) {
    return NEWEST.minusHours(i + 1L);
  }

  private static void insert(PostgresUrl url, String slug, String title, String summary, OffsetDateTime published) {
    Sql.update(url, "INSERT INTO articles (slug, title, summary, body, published_at) VALUES (?, ?, ?, ?, ?)",
        slug, title, summary, "Đoạn một.\n\nĐoạn hai.", published);
  }
}
