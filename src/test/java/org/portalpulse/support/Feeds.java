package org.portalpulse.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Feeds and url,views files as an old CMS would export them, written where a test can import them. */
public final class Feeds {
  private Feeds() {
  }

  /**
   * Two items to import (one with a guid, an image, a script and a relative link; one keyed by its link
   * only, without a date) and one without a title, to skip.
   */
  public static final String RSS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
      <channel>
        <title>Cổng thông tin cũ</title>
        <link>https://old.example.vn/</link>
        <description>Tin tức</description>
        <item>
          <title>Khánh thành cầu Nhật Tân mới</title>
          <link>https://old.example.vn/tin-tuc/cau-moi?id=5</link>
          <guid isPermaLink="false">old-cms-5</guid>
          <pubDate>Tue, 01 Dec 2026 08:00:00 +0700</pubDate>
          <description>Cầu mới nối hai bờ sông.</description>
          <content:encoded><![CDATA[<p>Cầu dài 1 km.</p><script>alert(1)</script><p><a href="/tin-tuc/khac" onclick="x()">Tin khác</a></p>]]></content:encoded>
          <enclosure url="https://old.example.vn/anh/cau.jpg" type="image/jpeg" length="1000"/>
        </item>
        <item>
          <title>Đường sắt đô thị chạy thử</title>
          <link>https://old.example.vn/tin-tuc/duong-sat?id=6</link>
          <description>&lt;p&gt;Chạy thử &lt;b&gt;10 chuyến&lt;/b&gt; mỗi ngày.&lt;/p&gt;</description>
        </item>
        <item>
          <guid>old-cms-7</guid>
          <description>Một tin không có tiêu đề.</description>
        </item>
      </channel>
      </rss>
      """;

  public static String atom(String firstTitle) {
    return """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Tin Atom</title>
          <id>urn:uuid:6f1c7c1e-feed</id>
          <updated>2026-12-02T10:00:00Z</updated>
          <entry>
            <title>%s</title>
            <id>urn:uuid:entry-1</id>
            <link rel="alternate" href="https://old.example.vn/le-hoi-hoa"/>
            <published>2026-12-02T09:00:00+07:00</published>
            <updated>2026-12-02T09:00:00+07:00</updated>
            <summary>Hoa nở khắp phố.</summary>
            <content type="html">&lt;p&gt;Lễ hội kéo dài 3 ngày.&lt;/p&gt;&lt;img src="hoa.jpg" onerror="alert(1)"&gt;</content>
          </entry>
          <entry>
            <title>Đường chạy ven sông Hàn</title>
            <id>urn:uuid:entry-2</id>
            <link rel="alternate" href="https://old.example.vn/duong-chay"/>
            <updated>2026-12-01T07:00:00Z</updated>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Dài 5 km.</p></div></content>
          </entry>
        </feed>
        """.formatted(firstTitle);
  }

  /** An RSS feed of {@code count} items keyed {@code prefix}-1, -2, …, for the progress lines of a long import. */
  public static String manyItems(String prefix, int count) {
    StringBuilder items = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      items.append("<item><title>Tin ").append(prefix).append(" số ").append(i).append("</title><guid>").append(prefix).append('-').append(i)
          .append("</guid><description>Nội dung ").append(i).append("</description></item>\n");
    }
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Nhiều tin</title><link>https://old.example.vn/</link>"
        + "<description>x</description>" + items + "</channel></rss>";
  }

  public static Path write(String name, String text) {
    try {
      Path file = TestPostgres.freshDirectory("feeds").resolve(name);
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
