package org.portalpulse.content;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A changed article makes a new catalog: replaced, added or gone, newest first")
class ArticleCatalogTest {
  private static final ZonedDateTime NOON = ZonedDateTime.of(2026, 12, 4, 12, 0, 0, 0, ZoneOffset.UTC);

  @Test
  @DisplayName("the articles of the changed pages are replaced by those still published, in publication order")
  void with() {
    ArticleCatalog before = new ArticleCatalog(List.of(article(3, "c", 3), article(2, "b", 2), article(1, "a", 1)));

    ArticleCatalog after = before.with(Set.of(1L, 2L, 9L), List.of(article(2, "b", 5), article(9, "moi", 0)));

    assertThat(after.all()).extracting(Article::slug).containsExactly("b", "c", "moi");
    assertThat(after.bySlug("a")).as("withdrawn").isEmpty();
    assertThat(after.bySlug("b").map(Article::publishedAt)).contains(NOON.plusHours(5));
    assertThat(before.all()).as("the old catalog is untouched").extracting(Article::slug).containsExactly("c", "b", "a");
  }

  @Test
  @DisplayName("at the same publication time, the newer page comes first")
  void sameTime() {
    ArticleCatalog catalog = new ArticleCatalog(List.of()).with(Set.of(1L, 2L), List.of(article(1, "a", 0), article(2, "b", 0)));
    assertThat(catalog.all()).extracting(Article::slug).containsExactly("b", "a");
  }

  private static Article article(long pageId, String slug, int hoursAfterNoon) {
    ZonedDateTime published = NOON.plusHours(hoursAfterNoon);
    return new Article(pageId, slug, Article.pathOf(slug), slug, "", new HtmlFragment("<p>" + slug + "</p>"), published,
        published, Optional.empty());
  }
}
