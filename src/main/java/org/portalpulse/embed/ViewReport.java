package org.portalpulse.embed;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.portalpulse.pages.PagePath;

import java.util.regex.Pattern;

/**
 * What {@code /pulse.js} sends for one view: {@code {"p": "/tin-tuc/abc?id=5", "t": "the title"}},
 * as text (what {@code navigator.sendBeacon} sends a string as) or JSON. Only the path is required.
 */
record ViewReport(PagePath page, String title) {
  static final int MAX_TITLE_CHARS = 200;
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  /** Throws {@link BadReport} saying what is wrong, for a 400. */
  static ViewReport parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new BadReport("The body is empty: send {\"p\": \"/the/page/path\"}");
    }
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new BadReport("The body is not a JSON object: send {\"p\": \"/the/page/path\"}");
    }
    if (!(json.getValue("p") instanceof String raw)) {
      throw new BadReport("\"p\", the page's path, is missing or not a string");
    }
    Object title = json.getValue("t");
    if (title != null && !(title instanceof String)) {
      throw new BadReport("\"t\", the page's title, must be a string");
    }
    PagePath.Parsed page = PagePath.parse(raw);
    if (!page.isPage()) {
      throw new BadReport("\"p\": " + page.rejection().message());
    }
    return new ViewReport(page.page(), title == null ? "" : clip((String) title));
  }

  private static String clip(String title) {
    // Control characters (NUL above all, which PostgreSQL's text refuses) have no place in a title.
    String trimmed = CONTROL.matcher(title).replaceAll(" ").strip();
    if (trimmed.length() <= MAX_TITLE_CHARS) {
      return trimmed;
    }
    // Never cut a surrogate pair in two.
    int end = Character.isHighSurrogate(trimmed.charAt(MAX_TITLE_CHARS - 1)) ? MAX_TITLE_CHARS - 1 : MAX_TITLE_CHARS;
    return trimmed.substring(0, end);
  }

  /** A report a client got wrong: answered 400 with this message. */
  static final class BadReport extends RuntimeException {
    BadReport(String message) {
      super(message, null, false, false);
    }
  }
}
