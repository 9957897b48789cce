package org.portalpulse.live;

import org.portalpulse.config.AllowedOrigin;

import java.util.List;
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
    String normalised = AllowedOrigin.normalise(origin).orElse(null);
    if (normalised == null) {
      return false;
    }
    if (!allowed.isEmpty()) {
      return allowed.contains(normalised);
    }
    if (host == null) {
      return false;
    }
    // The site itself, spelled as an origin the same way: the page's scheme, the Host it asked for.
    String scheme = normalised.substring(0, normalised.indexOf("://"));
    return AllowedOrigin.normalise(scheme + "://" + host).map(normalised::equals).orElse(false);
  }
}
