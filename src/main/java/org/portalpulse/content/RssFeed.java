package org.portalpulse.content;

import io.vertx.core.buffer.Buffer;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.util.List;

/** {@code /rss.xml}: RSS 2.0 with the newest articles, their summaries as descriptions. */
final class RssFeed {
  static final String PATH = "/rss.xml";
  static final int ITEMS = 20;
  private static final String ATOM = "http://www.w3.org/2005/Atom";

  private RssFeed() {
  }

  static Buffer write(List<Article> newestFirst, String origin) {
    return XmlDocument.render(xml -> {
      XMLStreamWriter w = xml.writer();
      w.writeStartElement("rss");
      w.writeAttribute("version", "2.0");
      w.writeNamespace("atom", ATOM);
      w.writeStartElement("channel");
      xml.element("title", PortalIdentity.NAME);
      xml.element("link", origin + "/");
      xml.element("description", PortalIdentity.DESCRIPTION);
      xml.element("language", PortalIdentity.LANGUAGE);
      // Feed readers and validators find the feed's own address here (RSS Best Practices, atom:link).
      w.writeEmptyElement("atom", "link", ATOM);
      xml.attribute("href", origin + PATH);
      xml.attribute("rel", "self");
      xml.attribute("type", SiteFeeds.RSS_TYPE);
      if (!newestFirst.isEmpty()) {
        xml.element("lastBuildDate", MachineDates.rfc822(newestFirst.get(0).publishedAt()));
      }
      for (Article article : newestFirst) {
        item(xml, article, origin);
      }
      w.writeEndElement();
      w.writeEndElement();
    });
  }

  private static void item(XmlDocument xml, Article article, String origin) throws XMLStreamException {
    String url = origin + article.path();
    XMLStreamWriter w = xml.writer();
    w.writeStartElement("item");
    xml.element("title", article.title());
    xml.element("link", url);
    w.writeStartElement("guid");
    xml.attribute("isPermaLink", "true");
    w.writeCharacters(XmlDocument.xmlChars(url));
    w.writeEndElement();
    xml.element("description", article.summary());
    xml.element("pubDate", MachineDates.rfc822(article.publishedAt()));
    w.writeEndElement();
  }
}
