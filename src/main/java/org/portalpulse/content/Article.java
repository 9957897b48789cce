package org.portalpulse.content;

import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * An article as readers see it, counted as the page at its path. Its body is HTML, sanitised when
 * it was written (see publishing.ArticleHtml), and kept encoded once, when the catalog loads.
 * {@code updatedAt}: the last change of what readers see; {@code imageUrl}: an http(s) picture for previews.
 */
public record Article(long pageId, String slug, String path, String title, String summary, HtmlFragment body,
                      ZonedDateTime publishedAt, ZonedDateTime updatedAt, Optional<String> imageUrl) {

  public static String pathOf(String slug) {
    return "/articles/" + slug;
  }
}
