package org.portalpulse.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * The headers every answer of both servers' routers carries, pages, JSON, assets, errors and metrics
 * alike, added in one place before any route runs. The values are built once: a request pays for four
 * header entries, nothing more.
 *
 * <p>The policy allows what the pages use and nothing else: scripts, styles and images from this
 * origin (and the {@code data:} favicon), the live socket and the admin API on this origin
 * ({@code connect-src 'self'} covers {@code ws:}/{@code wss:} to it), no inline script or style, no
 * plugin, no form target, no {@code <base>}, and no framing by any site.
 */
final class SecurityHeaders {
  static final CharSequence CONTENT_SECURITY_POLICY = HttpHeaders.createOptimized("Content-Security-Policy");
  static final CharSequence POLICY = HttpHeaders.createOptimized(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  /** {@code frame-ancestors} for browsers that predate it. */
  static final CharSequence X_FRAME_OPTIONS = HttpHeaders.createOptimized("X-Frame-Options");
  static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  /** Other sites learn our origin from a link, never the article's path; our own pages get the full address. */
  static final CharSequence REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy");
  static final CharSequence STRICT_ORIGIN_WHEN_CROSS_ORIGIN = HttpHeaders.createOptimized("strict-origin-when-cross-origin");
  static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private SecurityHeaders() {
  }

  static void addTo(MultiMap headers) {
    headers.add(CONTENT_SECURITY_POLICY, POLICY);
    headers.add(X_FRAME_OPTIONS, DENY);
    headers.add(REFERRER_POLICY, STRICT_ORIGIN_WHEN_CROSS_ORIGIN);
    headers.add(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
  }
}
