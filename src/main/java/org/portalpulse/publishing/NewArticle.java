package org.portalpulse.publishing;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An article to add, checked and with its body sanitised. {@code source} is the feed item it comes
 * from, for an import.
 */
public record NewArticle(String title, String summary, String bodyHtml, OffsetDateTime publishedAt,
                         Optional<String> imageUrl, OptionalLong legacyViews, Optional<FeedSource> source) {

  /** The feed item an article was imported from: its key (guid, id or link), and its link as a page path. */
  public record FeedSource(String key, Optional<String> path) {
  }

  /** Throws {@link InvalidArticle} naming the first field that cannot be stored. */
  public static NewArticle of(String title, String summary, String body, OffsetDateTime publishedAt,
                              Optional<String> imageUrl, OptionalLong legacyViews) {
    return new NewArticle(ArticleFields.title(title), ArticleFields.summary(summary), ArticleFields.body(body, ""),
        publishedAt, imageUrl.map(ArticleFields::imageUrl),
        ArticleFields.legacyViews(legacyViews),
        Optional.empty());
  }
}
