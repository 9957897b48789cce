package org.portalpulse.assets;

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

  static Encoding ofToken(String token) {
    for (Encoding e : values()) {
      if (e.token.equals(token)) {
        return e;
      }
    }
    throw new IllegalArgumentException("Unknown content encoding in the asset manifest: " + token);
  }
}
