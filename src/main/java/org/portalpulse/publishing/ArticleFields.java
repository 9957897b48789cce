package org.portalpulse.publishing;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** The checks every article passes, from the API or a feed alike; each refusal says what to send instead. */
public final class ArticleFields {
  private static final String IMAGE_URL_REFUSAL = "imageUrl must be an absolute http or https URL, such as https://example.com/anh.jpg";
  static final int MAX_TITLE = 300;
  static final int MAX_SUMMARY = 1_000;
  static final int MAX_BODY = 500_000;
  static final int MAX_URL = 2_048;
  static final long MAX_LEGACY_VIEWS = 1_000_000_000_000_000L;

  private ArticleFields() {
  }

  static String title(String title) {
    String stripped = title == null ? "" : title.strip();
    if (stripped.isEmpty() || stripped.length() > MAX_TITLE) {
      throw new InvalidArticle("title must be 1 to " + MAX_TITLE + " characters of text");
    }
    return stripped;
  }

  static String summary(String summary) {
    String stripped = summary == null ? "" : summary.strip();
    if (stripped.length() > MAX_SUMMARY) {
      throw new InvalidArticle("summary must be at most " + MAX_SUMMARY + " characters");
    }
    return stripped;
  }

  /** Sanitised: see {@link ArticleHtml}. */
  static String body(String html, String baseUri) {
    if (html == null || html.isBlank()) {
      throw new InvalidArticle("body must hold the article's HTML, such as <p>Nội dung</p>");
    }
    if (html.length() > MAX_BODY) {
      throw new InvalidArticle("body must be at most " + MAX_BODY + " characters");
    }
    return ArticleHtml.sanitised(html, baseUri);
  }

  public static OffsetDateTime publishedAt(String text) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidArticle("publishedAt must be a date and time with its offset, such as 2026-12-04T08:30:00+07:00");
    }
  }

  /** An absolute http or https URL, as an og:image and an img src need. */
  static String imageUrl(String url) {
    if (url == null || url.isBlank() || url.length() > MAX_URL) {
      throw new InvalidArticle(IMAGE_URL_REFUSAL);
    }
    return httpUri(url.strip()).orElseThrow(() -> new InvalidArticle(IMAGE_URL_REFUSAL)).toString();
  }

  /** {@code url} when it is an absolute http or https URL with a host, else empty. */
  static Optional<URI> httpUri(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }


  /** The count checked, when one is given. */
  static OptionalLong legacyViews(OptionalLong views) {
    return views.isPresent() ? OptionalLong.of(legacyViews(views.getAsLong())) : views;
  }

  static long legacyViews(long views) {
    if (views < 0 || views > MAX_LEGACY_VIEWS) {
      throw new InvalidArticle("legacyViews must be a whole number from 0 to " + MAX_LEGACY_VIEWS);
    }
    return views;
  }
}
