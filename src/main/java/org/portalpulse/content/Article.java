package org.portalpulse.content;

import java.time.ZonedDateTime;

/**
 * An article as readers see it, counted as the page at its path. Its body is rendered and escaped
 * once, when the catalog loads.
 */
public record Article(long pageId, String slug, String path, String title, String summary, HtmlFragment body,
                      ZonedDateTime publishedAt) {

  public static String pathOf(String slug) {
    return "/articles/" + slug;
  }
}
