package org.portalpulse.content;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.vertx.core.buffer.Buffer;

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
    return Buffer.buffer(out.toByteArray());
  }
}
