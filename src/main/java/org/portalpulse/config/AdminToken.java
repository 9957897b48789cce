package org.portalpulse.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An admin token as configured: a name (kept in the audit log) and the SHA-256 of the token, never
 * the token itself. A token is a long random secret, so a plain hash is enough: there is nothing to
 * guess by brute force that a slow hash would protect.
 */
public record AdminToken(String name, byte[] sha256) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
  /** What a bearer token may be made of (RFC 6750 b64token), and so what the admin API accepts. */
  private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
  /** Shorter plain tokens are refused at start-up: they could be guessed. */
  static final int MIN_PLAIN_LENGTH = 16;

  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** {@code PULSE_ADMIN_TOKEN}: a plain token for quick starts, named "admin". */
  static AdminToken plain(String setting, String token) {
    if (token.length() < MIN_PLAIN_LENGTH || !BEARER_TOKEN.matcher(token).matches()) {
      throw new InvalidSettingException(setting, "a token must be at least " + MIN_PLAIN_LENGTH
          + " letters, digits and . _ ~ + / - (= only at the end); generate one with: openssl rand -base64 32");
    }
    return new AdminToken("admin", sha256(token));
  }

  /** An entry of {@code PULSE_ADMIN_TOKENS}: {@code name:sha256hex}. */
  static AdminToken hashed(String setting, String entry) {
    int colon = entry.indexOf(':');
    String name = colon < 0 ? "" : entry.substring(0, colon);
    String hex = colon < 0 ? "" : entry.substring(colon + 1);
    if (!NAME.matcher(name).matches() || !HEX_SHA256.matcher(hex).matches()) {
      // The entry is not echoed whole: it may be a plain token pasted into the wrong setting.
      String shown = colon < 0 ? "an entry without a name" : "'" + name + ":…'";
      throw new InvalidSettingException(setting, shown
          + " is not name:sha256hex; hash a token with: printf %s \"$TOKEN\" | sha256sum");
    }
    return new AdminToken(name, HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
  }
}
