package org.portalpulse.config;

import java.util.List;

/**
 * How pages that another CMS serves are counted through {@code /pulse.js}.
 *
 * @param origins         origins whose pages may report views and open live sockets (CORS and the socket's Origin check)
 * @param newPagesPerHour pages the site may gain in an hour; views of further new paths count toward the site only
 * @param maxPages        pages the site may hold in all, for the same reason: random paths must not grow memory or tables
 */
public record EmbedSettings(List<String> origins, int newPagesPerHour, int maxPages) {
  public EmbedSettings {
    origins = List.copyOf(origins);
  }

  public boolean allows(String normalisedOrigin) {
    return origins.contains(normalisedOrigin);
  }
}
