package org.portalpulse.content;

import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders the precompiled JTE templates straight to UTF-8 bytes, the reader pages once as skeletons for
 * their live numbers to be filled in. Templates escape every value by default.
 */
public final class PageRenderer {
  private final TemplateEngine templates;

  public PageRenderer(TemplateEngine templates) {
    this.templates = templates;
  }

  public static TemplateEngine precompiledTemplates() {
    return TemplateEngine.createPrecompiled(gg.jte.ContentType.Html);
  }

  /** {@code page} with its numbers as {@link ShownNumbers#PLACES}; {@code source}: the catalog it lists. */
  PageSkeleton home(HomePage page, Object source) {
    return skeleton("home.jte", page, source);
  }

  /** {@code page} with its numbers as {@link ShownNumbers#PLACES}. */
  PageSkeleton article(ArticlePage page) {
    return skeleton("article.jte", page, page.article());
  }

  public Buffer error(ErrorPage page) {
    return render("error.jte", page);
  }

  private PageSkeleton skeleton(String template, Object model, Object source) {
    SkeletonOutput out = new SkeletonOutput();
    templates.render(template, model, out);
    return new PageSkeleton(source, out);
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
