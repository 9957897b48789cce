package org.portalpulse.publishing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Brings articles in from a feed, or "Lượt xem" over from the old CMS with a {@code url,views} file,
 * one item after the other through {@link ArticleStore}, so each is audited and reaches every
 * instance like a change made through the API. Importing the same source twice changes nothing: a
 * feed item finds its article again by its key, and a value already stored is not written again.
 */
public final class Importer {
  /** How often a long import says how far it got. */
  static final int PROGRESS_EVERY = 100;

  private final Vertx vertx;
  private final ArticleStore store;
  private final Supplier<OffsetDateTime> now;

  /** {@code now}: the publication time of an item its feed gives none. */
  public Importer(Vertx vertx, ArticleStore store, Supplier<OffsetDateTime> now) {
    this.vertx = vertx;
    this.store = store;
    this.now = now;
  }

  /**
   * Reads {@code source} on a worker thread, then imports it as {@code tokenName}. Fails with
   * {@link InvalidArticle} when the source cannot be read or is neither a feed nor a CSV file.
   */
  public Future<ImportSummary> run(ImportSource source, String tokenName, Consumer<String> progress) {
    return vertx.executeBlocking(() -> parse(source))
        .compose(parsed -> parsed.feed() != null
            ? importFeed(source, parsed.feed(), tokenName, progress)
            : importViews(source, parsed.csv(), tokenName, progress));
  }

  private record Parsed(List<FeedItems.Item> feed, List<ViewsCsv.Line> csv) {
  }

  private Parsed parse(ImportSource source) {
    byte[] bytes = source.read();
    return looksLikeXml(bytes) ? new Parsed(FeedItems.read(bytes, now.get()), null)
        : new Parsed(null, ViewsCsv.read(bytes));
  }

  /** A feed starts with '<' once a byte order mark and white space are passed over; a CSV file never does. */
  private static boolean looksLikeXml(byte[] bytes) {
    int i = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    return i < bytes.length && bytes[i] == '<';
  }

  private Future<ImportSummary> importFeed(ImportSource source, List<FeedItems.Item> items, String tokenName,
                                           Consumer<String> progress) {
    ImportSummary summary = new ImportSummary(source.name(), "feed", items.size());
    items.stream().filter(item -> item.article().isEmpty()).forEach(item -> summary.skipped(item.label(), item.refusal()));
    List<FeedItems.Item> articles = items.stream().filter(item -> item.article().isPresent()).toList();
    return each(articles, summary, progress, item -> {
      NewArticle article = item.article().get();
      String key = article.source().orElseThrow().key();
      return store.slugOfSource(key).compose(slug -> slug.isEmpty()
          ? store.create(article, tokenName).map(created -> {
              summary.added();
              return null;
            })
          : store.update(slug.get(), ArticleEdit.replacing(article, item.publishedAt()), tokenName).map(updated -> {
              if (updated.map(ArticleStore.Updated::changed).orElse(false)) {
                summary.updated();
              } else {
                summary.unchanged();
              }
              return null;
            }));
    });
  }

  private Future<ImportSummary> importViews(ImportSource source, List<ViewsCsv.Line> lines, String tokenName,
                                            Consumer<String> progress) {
    ImportSummary summary = new ImportSummary(source.name(), "csv", lines.size());
    lines.stream().filter(line -> line.refusal() != null).forEach(line -> summary.skipped(line.label(), line.refusal()));
    List<ViewsCsv.Line> pages = lines.stream().filter(line -> line.refusal() == null).toList();
    return each(pages, summary, progress, line ->
      store.setLegacyViewsAt(line.path(), line.views(), tokenName).map(changed -> {
        if (changed.isEmpty()) {
          summary.skipped(line.label(), "no article or page has the path " + line.path());
        } else if (changed.get()) {
          summary.updated();
        } else {
          summary.unchanged();
        }
        return null;
      }));
  }

  private interface Step<T> {
    Future<Void> apply(T item);
  }

  /**
   * One item after the other, each once the one before it is stored, with a progress line every
   * {@link #PROGRESS_EVERY}. Only items that go to PostgreSQL come here: each step completes later,
   * so the chain never runs deeper than one step on the stack.
   */
  private static <T> Future<ImportSummary> each(List<T> items, ImportSummary summary, Consumer<String> progress, Step<T> step) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> step.apply(item)).map(v -> {
        if (summary.done() % PROGRESS_EVERY == 0 && summary.done() < summary.items()) {
          progress.accept(summary.counts());
        }
        return null;
      });
    }
    return chain.map(v -> summary);
  }
}
