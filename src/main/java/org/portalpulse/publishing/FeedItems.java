package org.portalpulse.publishing;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import org.portalpulse.pages.PagePath;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The items of an RSS 2.0 or Atom feed (read by Rome, which refuses DOCTYPEs and so external
 * entities) as articles: title, summary, body (content:encoded or Atom content, else the
 * description), publication time, an image enclosure, and the key that finds the article again on
 * the next import (RSS guid, Atom id, else the link).
 */
final class FeedItems {
  private static final int SUMMARY_FROM_BODY = 300;

  private FeedItems() {
  }

  /** An item as found: the article it makes, or why it makes none. */
  record Item(String label, Optional<NewArticle> article, Optional<OffsetDateTime> publishedAt, String refusal) {
  }

  /** Throws {@link InvalidArticle} when the bytes are no RSS or Atom feed. */
  static List<Item> read(byte[] feed, OffsetDateTime now) {
    SyndFeed parsed;
    try {
      parsed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(feed)));
    } catch (FeedException | IOException | IllegalArgumentException e) {
      throw new InvalidArticle("The source is not an RSS 2.0 or Atom feed: " + e.getMessage());
    }
    List<Item> items = new ArrayList<>();
    for (SyndEntry entry : parsed.getEntries()) {
      items.add(item(entry, now));
    }
    return items;
  }

  private static Item item(SyndEntry entry, OffsetDateTime now) {
    String link = blankToNull(entry.getLink());
    String key = blankToNull(entry.getUri()) != null ? entry.getUri().strip() : link;
    String label = entry.getTitle() != null && !entry.getTitle().isBlank() ? "'" + entry.getTitle().strip() + "'"
        : key != null ? key : "untitled item";
    Optional<OffsetDateTime> published = Optional.ofNullable(entry.getPublishedDate() != null ? entry.getPublishedDate()
        : entry.getUpdatedDate()).map(FeedItems::atUtc);
    if (key == null) {
      return new Item(label, Optional.empty(), published, "it has no guid, id or link to find it by on the next import");
    }
    String description = entry.getDescription() == null ? null : blankToNull(entry.getDescription().getValue());
    String content = blankToNull(entry.getContents().stream().map(SyndContent::getValue)
        .filter(value -> value != null).collect(Collectors.joining("\n")));
    String body = content != null ? content : description;
    if (body == null) {
      return new Item(label, Optional.empty(), published, "it has neither content nor a description");
    }
    String summary = content != null && description != null
        ? shortened(ArticleHtml.text(description), ArticleFields.MAX_SUMMARY)
        : shortened(ArticleHtml.text(body), SUMMARY_FROM_BODY);
    try {
      String title = ArticleFields.title(entry.getTitle());
      NewArticle article = new NewArticle(title, ArticleFields.summary(summary),
          ArticleFields.body(body, link == null ? "" : link), published.orElse(now), image(entry),
          OptionalLong.empty(), Optional.of(new NewArticle.FeedSource(key, pathOf(link))));
      return new Item(label, Optional.of(article), published, null);
    } catch (InvalidArticle e) {
      return new Item(label, Optional.empty(), published, e.getMessage());
    }
  }

  /** The first enclosure that is a picture at an http(s) address; any other is left out. */
  private static Optional<String> image(SyndEntry entry) {
    for (SyndEnclosure enclosure : entry.getEnclosures()) {
      if (enclosure.getType() != null && enclosure.getType().startsWith("image/") && enclosure.getUrl() != null) {
        try {
          return Optional.of(ArticleFields.imageUrl(enclosure.getUrl()));
        } catch (InvalidArticle notHttp) {
          // a picture we could not show: the article goes without one
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> pathOf(String link) {
    if (link == null) {
      return Optional.empty();
    }
    PagePath.Parsed parsed = PagePath.parse(link);
    return parsed.isPage() ? Optional.of(parsed.page().value()) : Optional.empty();
  }

  /** At most {@code length} characters, cut between words. */
  private static String shortened(String text, int length) {
    if (text.length() <= length) {
      return text;
    }
    int lastSpace = text.lastIndexOf(' ', length - 1);
    return text.substring(0, lastSpace > 0 ? lastSpace : length - 1) + "…";
  }

  private static OffsetDateTime atUtc(Date date) {
    return date.toInstant().atOffset(ZoneOffset.UTC);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
