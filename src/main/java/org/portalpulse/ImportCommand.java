package org.portalpulse;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.portalpulse.config.ConfigLoader;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.counting.SiteCalendar;
import org.portalpulse.db.Database;
import org.portalpulse.publishing.ArticleStore;
import org.portalpulse.publishing.ImportSource;
import org.portalpulse.publishing.ImportSummary;
import org.portalpulse.publishing.Importer;
import org.portalpulse.publishing.InvalidArticle;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar portal-pulse.jar import SOURCE}: imports a feed or a {@code url,views} file into the
 * configured PostgreSQL ({@code PULSE_PG_URL}, else the embedded one in {@code PULSE_DATA_DIR}, which
 * no running server may hold), migrated first, then exits. Running instances see the changes at once.
 */
final class ImportCommand {
  /** The name the audit tables give changes made from the command line. */
  static final String TOKEN_NAME = "import";
  static final String USAGE = """
      Usage: java -jar portal-pulse.jar import SOURCE
        SOURCE  an RSS 2.0 or Atom feed, or a url,views CSV file; a file path or an http(s) URL.
      The database is PULSE_PG_URL's, else the embedded one in PULSE_DATA_DIR (stop the server first).""";

  private ImportCommand() {
  }

  /** Returns the exit status: 0 imported, 1 the source or the database failed, 2 wrong usage or setting. */
  static int run(List<String> args, Map<String, String> overrides, Clock clock, PrintStream out, PrintStream err) {
    if (args.size() != 1 || args.get(0).isBlank()) {
      err.println(USAGE);
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Optional<Storage> storage = Optional.empty();
    Optional<Pool> pool = Optional.empty();
    try {
      PulseConfig config = ConfigLoader.load(vertx, overrides).await();
      SiteCalendar calendar = new SiteCalendar(clock, config.timezone(), config.weekStart());
      storage = Optional.of(Storage.open(config, calendar, false));
      pool = Optional.of(Database.pool(vertx, storage.get().url()));
      ArticleStore articles = new ArticleStore(pool.get());
      ImportSummary summary = new Importer(vertx, articles, () -> calendar.now().toOffsetDateTime())
          .run(ImportSource.of(args.get(0)), TOKEN_NAME, out::println).await();
      summary.report().forEach(out::println);
      return 0;
    } catch (InvalidArticle e) {
      err.println(e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      StartupException why = new StartupException(e);
      err.println(why.isSettingProblem() ? why.getMessage() : "The import failed: " + e.getMessage());
      return why.isSettingProblem() ? 2 : 1;
    } finally {
      pool.ifPresent(p -> p.close().await());
      vertx.close().await();
      storage.ifPresent(Storage::close);
    }
  }
}
