package org.portalpulse.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** An entry of {@code PULSE_WS_ALLOWED_ORIGINS}: a browser origin, {@code scheme://host[:port]}, nothing more. */
final class AllowedOrigin {
  private AllowedOrigin() {
  }

  static String parse(String setting, String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null && uri.getFragment() == null
          && uri.getUserInfo() == null;
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && bare) {
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
      }
    } catch (URISyntaxException e) {
      // Falls through to the same message as any other malformed origin.
    }
    throw new InvalidSettingException(setting, "'" + value + "' is not an origin such as https://news.example.vn");
  }
}
