package org.portalpulse.live;

import io.vertx.core.net.HostAndPort;
import org.portalpulse.config.AllowedOrigin;

import java.util.List;
import java.util.Set;

/**
 * Which pages may open a live socket, judged by the handshake's {@code Origin}: a browser always
 * sends it, so a page on another site cannot read our sockets through a visitor's browser
 * (cross-site websocket hijacking). With no list configured, only the site's own pages may: the
 * origin's host and port must be the {@code Host} the browser asked for. The portals that embed
 * {@code /pulse.js} ({@code PULSE_EMBED_ORIGINS}) may too, either way.
 */
final class OriginPolicy {
  private final Set<String> allowed;
  private final Set<String> embedding;

  OriginPolicy(List<String> allowedOrigins, List<String> embeddingOrigins) {
    this.allowed = Set.copyOf(allowedOrigins);
    this.embedding = Set.copyOf(embeddingOrigins);
  }

  boolean allows(String origin, HostAndPort host) {
    if (origin == null || origin.isBlank()) {
      return false;
    }
    String normalised = AllowedOrigin.normalise(origin).orElse(null);
    if (normalised == null) {
      return false;
    }
    if (embedding.contains(normalised)) {
      return true;
    }
    if (!allowed.isEmpty()) {
      return allowed.contains(normalised);
    }
    return AllowedOrigin.isSameSite(normalised, host);
  }
}
