package org.portalpulse.content;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import io.vertx.core.json.JsonObject;

/**
 * A page's schema.org JSON-LD, written as the whole {@code <script type="application/ld+json">} element.
 * Browsers never run such a script, so the policy's {@code script-src 'self'} lets it be. Its text is
 * still raw HTML text, though: a title holding {@code </script>} would end the element, so every
 * {@code <}, {@code >} and {@code &} is written as its JSON escape, as are U+2028 and U+2029, which old
 * JavaScript parsers took for line ends. JSON readers read the escapes back as the same characters.
 */
public final class StructuredData implements Content {
  private final String element;

  private StructuredData(JsonObject data) {
    this.element = "<script type=\"application/ld+json\">" + scriptSafe(data.encode()) + "</script>";
  }

  /** A {@code NewsArticle}: {@code url} is the article's canonical address, {@code origin} the site's. */
  static StructuredData newsArticle(Article article, String url, String origin) {
    String published = MachineDates.iso(article.publishedAt());
    String modified = MachineDates.iso(article.updatedAt());
    JsonObject publisher = new JsonObject()
        .put("@type", "Organization")
        .put("name", PortalIdentity.NAME)
        .put("url", origin + "/")
        .put("logo", new JsonObject().put("@type", "ImageObject").put("url", origin + PageMeta.ICON_PATH));
    JsonObject data = new JsonObject()
        .put("@context", "https://schema.org")
        .put("@type", "NewsArticle")
        .put("headline", article.title())
        .put("description", article.summary())
        .put("datePublished", published)
        .put("dateModified", modified)
        .put("inLanguage", PortalIdentity.LANGUAGE)
        .put("url", url)
        .put("mainEntityOfPage", new JsonObject().put("@type", "WebPage").put("@id", url))
        .put("author", publisher)
        .put("publisher", publisher);
    article.imageUrl().ifPresent(image -> data.put("image", image));
    return new StructuredData(data);
  }

  static String scriptSafe(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public void writeTo(TemplateOutput output) {
    output.writeContent(element);
  }
}
