package org.portalpulse.embed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import org.portalpulse.pages.PagePath;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * What {@code /pulse.js} sends for one view: {@code {"p": "/tin-tuc/abc?id=5", "t": "the title"}},
 * as text (what {@code navigator.sendBeacon} sends a string as) or JSON. Only the path is required;
 * other fields are ignored, so that a newer script can add some.
 *
 * <p>Read as a stream of tokens, not into a {@code JsonObject}: a report is two strings, and every
 * report the server takes pays for reading it.
 */
record ViewReport(PagePath page, String title) {
  static final int MAX_TITLE_CHARS = 200;
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final JsonFactory JSON = new JsonFactory();
  private static final String NOT_AN_OBJECT = "The body is not a JSON object: send {\"p\": \"/the/page/path\"}";

  /** Throws {@link BadReport} saying what is wrong, for a 400. */
  static ViewReport parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new BadReport("The body is empty: send {\"p\": \"/the/page/path\"}");
    }
    String path = null;
    String title = "";
    try (JsonParser json = JSON.createParser(body.getBytes())) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new BadReport(NOT_AN_OBJECT);
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "p" -> path = value == JsonToken.VALUE_STRING ? json.getText() : null;
          case "t" -> title = textOf(json, value);
          default -> json.skipChildren();
        }
      }
      // The loop ends at the object's end (a malformed one throws): nothing may follow it.
      if (json.nextToken() != null) {
        throw new BadReport(NOT_AN_OBJECT);
      }
    } catch (IOException malformed) {
      throw new BadReport(NOT_AN_OBJECT);
    }
    if (path == null) {
      throw new BadReport("\"p\", the page's path, is missing or not a string");
    }
    PagePath.Parsed page = PagePath.parse(path);
    if (!page.isPage()) {
      throw new BadReport("\"p\": " + page.rejection().message());
    }
    return new ViewReport(page.page(), clip(title));
  }

  private static String textOf(JsonParser json, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_STRING -> json.getText();
      case VALUE_NULL -> "";
      default -> throw new BadReport("\"t\", the page's title, must be a string");
    };
  }

  private static String clip(String title) {
    if (title.isEmpty()) {
      return title;
    }
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
