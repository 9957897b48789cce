package org.portalpulse.content;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders the precompiled JTE templates straight to UTF-8 bytes. Templates escape every value by default. */
public final class PageRenderer {
  private final TemplateEngine templates;

  public PageRenderer(TemplateEngine templates) {
    this.templates = templates;
  }

  public static TemplateEngine precompiledTemplates() {
    return TemplateEngine.createPrecompiled(gg.jte.ContentType.Html);
  }

  public Buffer home(HomePage page) {
    return render("home.jte", page);
  }

  public Buffer article(ArticlePage page) {
    return render("article.jte", page);
  }

  public Buffer error(ErrorPage page) {
    return render("error.jte", page);
  }

  private Buffer render(String template, Object model) {
    Utf8ByteOutput out = new Utf8ByteOutput();
    templates.render(template, model, out);
    Buffer page = Buffer.buffer(out.getContentLength());
    try {
      out.writeTo(page::appendBytes); // straight from the template's chunks, no intermediate array
    } catch (IOException e) {
      throw new UncheckedIOException(e); // appending to a Buffer does no I/O
    }
    return page;
  }
}
