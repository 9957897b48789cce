package org.portalpulse.content;

/**
 * What a page says of itself in its head, for search engines and link previews (Zalo, Facebook): the
 * meta description, the canonical address and Open Graph, and, on an article, its JSON-LD.
 *
 * @param title          the page's own title, without the site's name (Open Graph names the site apart)
 * @param canonicalUrl   the one absolute address of the page
 * @param openGraphType  {@code article} or {@code website}
 * @param imageUrl       absolute, or null: {@code og:image} is written only for an article with an image
 * @param structuredData null on pages that have none
 */
public record PageMeta(String title, String description, String canonicalUrl, String openGraphType, String imageUrl,
                       StructuredData structuredData) {
  /** The site's icon, as an SVG; {@code /favicon.ico} is the same picture for what asks for that name. */
  public static final String ICON_PATH = "/assets/favicon.svg";

  /** A page of the article list: {@code /} for the first, {@code /?page=N} for the others, so {@code /?page=1} is {@code /}. */
  static PageMeta home(int page, String origin) {
    return new PageMeta(
        page == 1 ? PortalIdentity.NAME : "Tin tức - trang " + page,
        PortalIdentity.DESCRIPTION,
        origin + (page == 1 ? "/" : "/?page=" + page),
        "website", null, null);
  }

  static PageMeta article(Article article, String origin) {
    String url = origin + article.path();
    String description = article.summary() == null || article.summary().isBlank() ? PortalIdentity.DESCRIPTION : article.summary();
    // Publishing takes only absolute http(s) image addresses, as og:image needs.
    return new PageMeta(article.title(), description, url, "article", article.imageUrl().orElse(null),
        StructuredData.newsArticle(article, url, origin));
  }
}
