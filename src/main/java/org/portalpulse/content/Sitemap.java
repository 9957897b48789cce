package org.portalpulse.content;

import io.vertx.core.buffer.Buffer;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * {@code /sitemap.xml} (sitemaps.org 0.9): the home page, last changed when the newest article came,
 * and every published article with its last modification. The other list pages are left out: their
 * articles move down a page with every new one.
 */
final class Sitemap {
  static final String PATH = "/sitemap.xml";
  /** The protocol's limit for one file; a portal past it lists its newest articles (a sitemap index would list all). */
  static final int MAX_URLS = 50_000;
  private static final String NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

  private Sitemap() {
  }

  static Buffer write(List<Article> newestFirst, String origin) {
    return XmlDocument.render(xml -> {
      XMLStreamWriter w = xml.writer();
      w.writeStartElement("urlset");
      w.writeDefaultNamespace(NAMESPACE);
      url(xml, origin + "/", newestFirst.stream().map(Article::updatedAt).max(ZonedDateTime::compareTo).orElse(null));
      for (Article article : newestFirst.subList(0, Math.min(newestFirst.size(), MAX_URLS - 1))) {
        url(xml, origin + article.path(), article.updatedAt());
      }
      w.writeEndElement();
    });
  }

  private static void url(XmlDocument xml, String location, ZonedDateTime lastModified) throws XMLStreamException {
    xml.writer().writeStartElement("url");
    xml.element("loc", location);
    if (lastModified != null) {
      xml.element("lastmod", MachineDates.iso(lastModified));
    }
    xml.writer().writeEndElement();
  }
}
