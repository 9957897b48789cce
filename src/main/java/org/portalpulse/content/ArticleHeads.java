package org.portalpulse.content;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Each article's {@link PageMeta}, made once rather than on every view: building and escaping its
 * JSON-LD costs about as much as rendering the rest of the page. One head is kept per article, for the
 * origin it was last asked under, so requests naming any {@code Host} cannot grow this; an article
 * the catalog replaced (another instance, not equal) gets a new head.
 */
final class ArticleHeads {
  private record Head(Article article, String origin, PageMeta meta) {
  }

  private final ConcurrentHashMap<String, Head> bySlug = new ConcurrentHashMap<>();

  PageMeta of(Article article, String origin) {
    Head head = bySlug.get(article.slug());
    if (head == null || head.article() != article || !head.origin().equals(origin)) {
      head = new Head(article, origin, PageMeta.article(article, origin));
      bySlug.put(article.slug(), head);
    }
    return head.meta();
  }
}
