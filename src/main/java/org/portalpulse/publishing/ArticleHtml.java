package org.portalpulse.publishing;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * An article's body as it is stored and served: HTML cleaned by jsoup against an allow-list, so no
 * script, event handler attribute, style or {@code javascript:} URL survives; links keep http(s) and
 * mailto addresses only, images http(s). Relative addresses are made absolute against the page the body came from,
 * or dropped when there is none.
 */
final class ArticleHtml {
  private static final Safelist ALLOWED = Safelist.relaxed().addTags("figure", "figcaption", "hr")
      .removeProtocols("a", "href", "ftp");
  private static final Document.OutputSettings AS_WRITTEN = new Document.OutputSettings().prettyPrint(false);

  private ArticleHtml() {
  }

  /** {@code baseUri}: where the body was published, or "" when unknown. */
  static String sanitised(String html, String baseUri) {
    return Jsoup.clean(html, baseUri, ALLOWED, AS_WRITTEN.clone()).strip();
  }

  /** The text a reader sees in {@code html}, for a summary a feed wrote as HTML. */
  static String text(String html) {
    return Jsoup.parse(html).text();
  }
}
