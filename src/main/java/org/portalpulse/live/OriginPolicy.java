package org.portalpulse.live;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which pages may open a live socket, judged by the handshake's {@code Origin}: a browser always
 * sends it, so a page on another site cannot read our sockets through a visitor's browser
 * (cross-site websocket hijacking). With no list configured, only the site's own pages may: the
 * origin's host and port must be the {@code Host} the browser asked for.
 */
final class OriginPolicy {
  private final Set<String> allowed;

  OriginPolicy(List<String> allowedOrigins) {
    this.allowed = Set.copyOf(allowedOrigins);
  }

  boolean allows(String origin, String host) {
    if (origin == null || origin.isBlank()) {
      return false;
    }
    String normalised = normalise(origin);
    if (normalised == null) {
      return false;
    }
    if (!allowed.isEmpty()) {
      return allowed.contains(normalised);
    }
    if (host == null) {
      return false;
    }
    String originAuthority = normalised.substring(normalised.indexOf("://") + 3);
    return originAuthority.equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT), normalised));
  }

  /** {@code scheme://host[:port]} in lower case, without a default port; null when it is not an origin. */
  private static String normalise(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String withoutDefaultPort(String host, String origin) {
    String defaultPort = origin.startsWith("https://") ? ":443" : ":80";
    return host.endsWith(defaultPort) ? host.substring(0, host.length() - defaultPort.length()) : host;
  }
}
