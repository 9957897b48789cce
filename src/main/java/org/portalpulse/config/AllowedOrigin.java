package org.portalpulse.config;

import io.vertx.core.net.HostAndPort;

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

  /**
   * Whether a normalised origin is the site itself: the page's scheme and the {@code Host} the browser
   * asked for (null when it sent none; Vert.x 5 parses it into the request's authority), spelled as an
   * origin the same way.
   */
  public static boolean isSameSite(String normalisedOrigin, HostAndPort authority) {
    if (authority == null) {
      return false;
    }
    String host = authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
    String scheme = normalisedOrigin.substring(0, normalisedOrigin.indexOf("://"));
    return normalise(scheme + "://" + host).map(normalisedOrigin::equals).orElse(false);
  }
}
