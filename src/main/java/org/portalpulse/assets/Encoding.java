package org.portalpulse.assets;

import io.vertx.ext.web.ParsedHeaderValue;

import java.util.List;

/** A {@code Content-Encoding} an asset is stored in, best first, and the suffix of its file. */
public enum Encoding {
  BROTLI("br", ".br"),
  GZIP("gzip", ".gz");

  private final String token;
  private final String suffix;

  Encoding(String token, String suffix) {
    this.token = token;
    this.suffix = suffix;
  }

  /** As {@code Accept-Encoding} and {@code Content-Encoding} name it. */
  public String token() {
    return token;
  }

  public String suffix() {
    return suffix;
  }

  /**
   * How much a client accepts this encoding, from its parsed {@code Accept-Encoding}: the weight it
   * gives it ({@code q}), or the one of {@code *} when it does not name it; 0 when refused or not named.
   */
  public float weightIn(List<ParsedHeaderValue> accepted) {
    float wildcard = 0;
    for (ParsedHeaderValue value : accepted) {
      if (value.value().equalsIgnoreCase(token)) {
        return value.weight();
      }
      if (value.value().equals("*")) {
        wildcard = value.weight();
      }
    }
    return wildcard;
  }

  static Encoding ofToken(String token) {
    for (Encoding e : values()) {
      if (e.token.equals(token)) {
        return e;
      }
    }
    throw new IllegalArgumentException("Unknown content encoding in the asset manifest: " + token);
  }
}
