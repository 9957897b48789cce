package org.portalpulse.pages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A page's identity: its path and the query parameters that tell its content apart, in one
 * spelling, so that every way a browser, a crawler or a CMS writes an address counts toward one
 * page. Scheme, host, fragment and tracking parameters are dropped; percent-escapes are normalised
 * as RFC 3986 section 6.2.2 says; nothing else is collapsed: paths keep their case, parameters their
 * order. The value is ASCII and at most {@value #MAX_BYTES} bytes.
 */
public final class PagePath {
  public static final int MAX_BYTES = 512;

  private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "zarsrc");
  // RFC 3986 sub-delims, ':', '@', '/' and '?': kept as they are, because escaping one changes what
  // the address means to the server behind it (an escaped '/' or '&' is data, not a separator).
  private static final String RESERVED_KEPT = "!$&'()*+,;=:@/?";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String value;

  private PagePath(String value) {
    this.value = value;
  }

  /** Why a text is not a page, in words the sender can act on (the collection endpoint answers 400 with it). */
  public enum Rejection {
    NOT_A_PATH("The page must be a path that starts with /, such as /tin-tuc/abc?id=5, or an http(s) URL"),
    MALFORMED_ESCAPE("The page's address has a % that is not followed by two hexadecimal digits (a % sign itself is written %25)"),
    FORBIDDEN_CHARACTER("The page's address holds a control character or a broken UTF-16 surrogate pair"),
    TOO_LONG("The page's address is longer than " + MAX_BYTES + " bytes, even without its fragment and tracking parameters");

    private final String message;

    Rejection(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  /** What {@link #parse} made of a text: a page, or the reason it is none. Exactly one of the two is set. */
  public record Parsed(PagePath page, Rejection rejection) {
    public boolean isPage() {
      return page != null;
    }
  }

  /**
   * {@code raw} is a path with its query ({@code /tin-tuc/abc?id=5}) or an absolute http(s) URL (a
   * canonical link, a Referer). With {@code significantParams} non-empty, only those query parameters
   * are kept, compared by their normalised name, case-sensitively as servers read them; empty keeps
   * every parameter but the tracking ones. Parsing a page's own value gives the same page again.
   */
  public static Parsed parse(String raw, Set<String> significantParams) {
    Objects.requireNonNull(significantParams, "significantParams");
    if (isNormal(raw)) {
      return new Parsed(new PagePath(raw), null);
    }
    try {
      return new Parsed(new PagePath(normalise(raw, significantParams)), null);
    } catch (Refused refused) {
      return new Parsed(null, refused.rejection);
    }
  }

  /** As {@link #parse(String, Set)}, keeping every query parameter but the tracking ones. */
  public static Parsed parse(String raw) {
    return parse(raw, Set.of());
  }

  public String value() {
    return value;
  }

  /**
   * Whether {@code raw} is a path already in its one spelling: what nearly every report sends, which
   * the rules below would give back unchanged. Unreserved characters and slashes only (no escape, no
   * query, no fragment), no dot segment, within the limit.
   */
  private static boolean isNormal(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_BYTES || raw.charAt(0) != '/' || raw.contains("/.")) {
      return false;
    }
    for (int i = 1; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
      if (!unreserved) {
        return false;
      }
    }
    return true;
  }

  private static String normalise(String raw, Set<String> significantParams) throws Refused {
    String reference = pathAndQuery(raw);
    int fragment = reference.indexOf('#');
    if (fragment >= 0) {
      reference = reference.substring(0, fragment);
    }
    int question = reference.indexOf('?');
    String path = question < 0 ? reference : reference.substring(0, question);
    StringBuilder page = new StringBuilder(withoutDotSegments(escapesNormalised(path)));
    if (question >= 0) {
      appendQuery(reference.substring(question + 1), significantParams, page);
    }
    // Every character is ASCII by now, so the length in chars is the length in UTF-8 bytes.
    if (page.length() > MAX_BYTES) {
      throw new Refused(Rejection.TOO_LONG);
    }
    return page.toString();
  }

  private static String pathAndQuery(String raw) throws Refused {
    if (raw == null) {
      throw new Refused(Rejection.NOT_A_PATH);
    }
    if (raw.startsWith("/")) {
      return raw; // "//x" too: a browser's location.pathname can start with two slashes
    }
    int authority = raw.regionMatches(true, 0, "https://", 0, 8) ? 8
        : raw.regionMatches(true, 0, "http://", 0, 7) ? 7 : -1;
    if (authority < 0) {
      throw new Refused(Rejection.NOT_A_PATH);
    }
    int end = authority;
    while (end < raw.length() && "/?#".indexOf(raw.charAt(end)) < 0) {
      end++;
    }
    if (end == authority) {
      throw new Refused(Rejection.NOT_A_PATH);
    }
    return end < raw.length() && raw.charAt(end) == '/' ? raw.substring(end) : "/" + raw.substring(end);
  }

  // Tracking parameters are recognised by name before their value is read, so junk in a
  // utm_content or in a parameter that is not significant never refuses the page.
  private static void appendQuery(String query, Set<String> significantParams, StringBuilder page) throws Refused {
    char separator = '?';
    for (String parameter : query.split("&", -1)) {
      if (parameter.isEmpty()) {
        continue;
      }
      int equals = parameter.indexOf('=');
      String name = escapesNormalised(equals < 0 ? parameter : parameter.substring(0, equals));
      if (isTracking(name) || !(significantParams.isEmpty() || significantParams.contains(name))) {
        continue;
      }
      page.append(separator).append(name);
      if (equals >= 0) {
        page.append('=').append(escapesNormalised(parameter.substring(equals + 1)));
      }
      separator = '&';
    }
  }

  private static boolean isTracking(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith("utm_") || TRACKING.contains(lower);
  }

  /*
   * Escapes are only ever decoded to unreserved characters (letters, digits, - . _ ~), so the bytes of
   * any other escape are compared as they are and need not be UTF-8: a portal whose old links were
   * encoded in another charset still counts, and nothing is decoded that could change the address's
   * meaning. Raw characters that RFC 3986 does not allow (non-ASCII, space, backslash, quotes, braces)
   * are escaped rather than refused, the way a browser sends them; a browser never sends a raw
   * control character, so one is refused rather than guessed at.
   */
  private static String escapesNormalised(String text) throws Refused {
    StringBuilder out = new StringBuilder(text.length() + 8);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 1 < text.length() ? hexValue(text.charAt(i + 1)) : -1;
        int low = i + 2 < text.length() ? hexValue(text.charAt(i + 2)) : -1;
        if (high < 0 || low < 0) {
          throw new Refused(Rejection.MALFORMED_ESCAPE);
        }
        appendByte(out, high << 4 | low);
        i += 3;
      } else if (Character.isISOControl(c)) {
        throw new Refused(Rejection.FORBIDDEN_CHARACTER);
      } else if (c < 0x80) {
        if (isUnreserved(c) || RESERVED_KEPT.indexOf(c) >= 0) {
          out.append(c);
        } else {
          appendEscape(out, c);
        }
        i++;
      } else {
        int length = Character.charCount(text.codePointAt(i));
        if (Character.isSurrogate(c) && length == 1) {
          throw new Refused(Rejection.FORBIDDEN_CHARACTER);
        }
        for (byte b : text.substring(i, i + length).getBytes(StandardCharsets.UTF_8)) {
          appendEscape(out, b & 0xFF);
        }
        i += length;
      }
    }
    return out.toString();
  }

  private static void appendByte(StringBuilder out, int b) {
    if (isUnreserved((char) b)) {
      out.append((char) b);
    } else {
      appendEscape(out, b);
    }
  }

  private static void appendEscape(StringBuilder out, int b) {
    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  // Character.digit would also accept non-ASCII digits such as the full-width ones.
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /*
   * Dot segments are resolved as RFC 3986 section 5.2.4 says, after escapes are normalised (so
   * "%2E%2E" is ".." too): browsers and web servers resolve them before a page is served, so
   * "/a/../b" is the page "/b" to everyone, and no address climbs above "/".
   */
  private static String withoutDotSegments(String path) {
    if (!path.contains("/.")) {
      return path;
    }
    String[] segments = path.substring(1).split("/", -1);
    List<String> kept = new ArrayList<>(segments.length);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.equals("..")) {
        if (!kept.isEmpty()) {
          kept.remove(kept.size() - 1);
        }
      } else if (!segment.equals(".")) {
        kept.add(segment);
        continue;
      }
      if (i == segments.length - 1) {
        kept.add(""); // "/a/b/.." is "/a/": the result names a directory, as the dot segment did
      }
    }
    return "/" + String.join("/", kept);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PagePath page && page.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }

  // Carries a rejection out of nested helpers; never leaves this class, so it skips the stack trace.
  private static final class Refused extends Exception {
    private final Rejection rejection;

    Refused(Rejection rejection) {
      super(rejection.name(), null, false, false);
      this.rejection = rejection;
    }
  }
}
