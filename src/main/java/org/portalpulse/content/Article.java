package org.portalpulse.content;

import java.time.ZonedDateTime;

/** An article as readers see it. {@code bodyHtml} is rendered and escaped once, when the catalog loads. */
public record Article(long id, String slug, String title, String summary, String bodyHtml, ZonedDateTime publishedAt) {

  public String path() {
    return "/articles/" + slug;
  }
}
