package org.portalpulse.content;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import org.portalpulse.counting.ClientAddress;

import java.util.Locale;
import java.util.Optional;

/**
 * The origin readers reach the site at ({@code https://news.example.vn}), for the absolute addresses of
 * canonical links, Open Graph, the feed and the sitemap: {@code PULSE_PUBLIC_URL} when set; else the
 * {@code Host} the request named, with the scheme a trusted proxy reports in {@code X-Forwarded-Proto}
 * (TLS ends there). Anyone else's {@code X-Forwarded-Proto} is ignored, as their {@code X-Forwarded-For} is.
 */
public final class SiteAddress {
  private static final String FORWARDED_PROTO = "X-Forwarded-Proto";

  private final String configured;
  private final ClientAddress clients;

  public SiteAddress(Optional<String> publicUrl, ClientAddress clients) {
    this.configured = publicUrl.orElse(null);
    this.clients = clients;
  }

  /** The origin, without a trailing slash. */
  public String originOf(HttpServerRequest request) {
    if (configured != null) {
      return configured;
    }
    String scheme = schemeOf(request);
    HostAndPort authority = request.authority();
    String host;
    int port;
    if (authority != null) {
      host = authority.host().toLowerCase(Locale.ROOT);
      port = authority.port();
    } else { // HTTP/1.0 without a Host: the address the connection came to
      SocketAddress local = request.localAddress();
      host = local.hostAddress().indexOf(':') >= 0 ? "[" + local.hostAddress() + "]" : local.hostAddress();
      port = local.port();
    }
    boolean defaultPort = port < 0 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
    return scheme + "://" + host + (defaultPort ? "" : ":" + port);
  }

  /**
   * A chain of proxies may list several schemes: the first is the one the reader's browser used. Only
   * http and https are taken; anything else leaves the scheme of the connection.
   */
  private String schemeOf(HttpServerRequest request) {
    String own = request.isSSL() ? "https" : "http";
    String forwarded = request.getHeader(FORWARDED_PROTO);
    if (forwarded == null || !clients.fromTrustedProxy(request)) {
      return own;
    }
    int comma = forwarded.indexOf(',');
    String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim().toLowerCase(Locale.ROOT);
    return first.equals("https") || first.equals("http") ? first : own;
  }
}
