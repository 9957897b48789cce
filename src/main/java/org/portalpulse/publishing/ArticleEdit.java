package org.portalpulse.publishing;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to change in an article: each field present replaces the stored one, an absent one keeps it.
 * {@code imageUrl} is absent to keep the image, present and empty to remove it. Checked and
 * sanitised like a {@link NewArticle}.
 */
public record ArticleEdit(Optional<String> title, Optional<String> summary, Optional<String> bodyHtml,
                          Optional<OffsetDateTime> publishedAt, Optional<Optional<String>> imageUrl,
                          OptionalLong legacyViews, Optional<String> sourcePath) {

  public static ArticleEdit of(Optional<String> title, Optional<String> summary, Optional<String> body,
                               Optional<OffsetDateTime> publishedAt, Optional<Optional<String>> imageUrl,
                               OptionalLong legacyViews) {
    return new ArticleEdit(title.map(ArticleFields::title), summary.map(ArticleFields::summary),
        body.map(html -> ArticleFields.body(html, "")), publishedAt, imageUrl.map(image -> image.map(ArticleFields::imageUrl)),
        ArticleFields.legacyViews(legacyViews),
        Optional.empty());
  }

  /** A feed item's article as it is now: every field replaced, the publication time only when the feed gives one. */
  static ArticleEdit replacing(NewArticle item, Optional<OffsetDateTime> publishedAt) {
    return new ArticleEdit(Optional.of(item.title()), Optional.of(item.summary()), Optional.of(item.bodyHtml()),
        publishedAt, Optional.of(item.imageUrl()), OptionalLong.empty(), item.source().flatMap(NewArticle.FeedSource::path));
  }
}
