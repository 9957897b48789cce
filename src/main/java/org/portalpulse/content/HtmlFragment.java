package org.portalpulse.content;

import gg.jte.Content;
import gg.jte.TemplateOutput;

import java.nio.charset.StandardCharsets;

/**
 * HTML rendered and escaped once, kept as UTF-8 bytes: a page copies it instead of escaping and
 * encoding the same article body again on every view.
 */
public final class HtmlFragment implements Content {
  private final byte[] utf8;

  public HtmlFragment(String html) {
    this.utf8 = html.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void writeTo(TemplateOutput output) {
    output.writeBinaryContent(utf8);
  }
}
