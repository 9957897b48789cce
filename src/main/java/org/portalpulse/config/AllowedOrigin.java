package org.portalpulse.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A browser origin, {@code scheme://host[:port]} and nothing more, in one spelling: lower case,
 * without a default port. The same spelling for {@code PULSE_WS_ALLOWED_ORIGINS} and for the
 * {@code Origin} a browser sends, so that https://x:443 and https://x are the same origin.
 */
public final class AllowedOrigin {
  private AllowedOrigin() {
  }

  static String parse(String setting, String value) {
    return normalise(value).orElseThrow(() ->
        new InvalidSettingException(setting, "'" + value + "' is not an origin such as https://news.example.vn"));
  }

  /** The origin in its one spelling, or empty when {@code value} is not an http(s) origin. */
  public static Optional<String> normalise(String value) {
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null && uri.getFragment() == null
          && uri.getUserInfo() == null;
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
        return Optional.empty();
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
