package org.portalpulse.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.portalpulse.config.AdminToken;
import org.portalpulse.counting.ClientAddress;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Authorization: Bearer <token>} for the admin API (RFC 6750). The presented token is hashed
 * and compared with every configured hash in constant time, so neither the comparison nor which
 * token matched can be timed. The token itself is never stored, logged or echoed; a request that
 * passes carries only the token's name, for the audit log.
 */
final class AdminAuth implements Handler<RoutingContext> {
  static final String TOKEN_NAME = "portalpulse.admin.token";
  private static final String REALM = "Bearer realm=\"Portal Pulse admin\"";
  /** RFC 6750 b64token; the scheme name is case-insensitive (RFC 7235). */
  private static final Pattern BEARER = Pattern.compile("(?i:Bearer) ([A-Za-z0-9._~+/-]+=*)");
  private static final int MAX_HEADER_LENGTH = 1_024;
  /** How much of a wrong token's SHA-256 names it for the limits: enough to tell tokens apart, not to keep one. */
  private static final int TOKEN_PREFIX_BYTES = 8;

  private final List<AdminToken> tokens;
  private final FailedAttempts failures;
  private final ClientAddress clientAddress;

  AdminAuth(List<AdminToken> tokens, ClientAddress clientAddress, LongSupplier millis) {
    this.tokens = tokens;
    this.clientAddress = clientAddress;
    this.failures = new FailedAttempts(millis);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      failed(ctx, "none", REALM, "An admin token is required: send Authorization: Bearer <token>");
      return;
    }
    Matcher bearer = BEARER.matcher(header);
    if (header.length() > MAX_HEADER_LENGTH || !bearer.matches()) {
      failed(ctx, "malformed", REALM + ", error=\"invalid_request\"", "The Authorization header must be: Bearer <token>");
      return;
    }
    byte[] presented = AdminToken.sha256(bearer.group(1));
    AdminToken matched = null;
    for (AdminToken token : tokens) {
      // Every configured token is compared, whatever matched before: the time taken says nothing.
      if (MessageDigest.isEqual(token.sha256(), presented) && matched == null) {
        matched = token;
      }
    }
    if (matched == null) {
      failed(ctx, HexFormat.of().formatHex(presented, 0, TOKEN_PREFIX_BYTES), REALM + ", error=\"invalid_token\"",
          "This admin token is not valid");
      return;
    }
    // A valid token is let in before any limit is asked: see FailedAttempts for why.
    ctx.put(TOKEN_NAME, matched.name());
    ctx.next();
  }

  /** 401 with a challenge, or 429 once the failures from this address or with this token are over the limit. */
  private void failed(RoutingContext ctx, String token, String challenge, String message) {
    Duration wait = failures.failed(clientAddress.of(ctx.request()), token);
    if (wait.isZero()) {
      ctx.response().putHeader("WWW-Authenticate", challenge);
      refuse(ctx, 401, message);
      return;
    }
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1_000);
    ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    refuse(ctx, 429, "Too many failed attempts; try again in " + seconds + " seconds (a valid token is let in meanwhile)");
  }

  private static void refuse(RoutingContext ctx, int status, String message) {
    AdminResponses.json(ctx, status, new JsonObject().put("error", message));
  }
}
