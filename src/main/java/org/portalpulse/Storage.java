package org.portalpulse;

import org.portalpulse.config.InvalidSettingException;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.content.DemoArticles;
import org.portalpulse.counting.SiteCalendar;
import org.portalpulse.db.DataDirLock;
import org.portalpulse.db.DatabaseWait;
import org.portalpulse.db.EmbeddedDatabase;
import org.portalpulse.db.Migrations;
import org.portalpulse.db.PresenceSecret;
import org.portalpulse.db.SiteBaseline;

import java.util.Optional;

/**
 * Where an instance keeps its data, made ready before any verticle: its data directory, locked for
 * as long as it runs, and PostgreSQL (embedded when none is configured, else waited for), migrated,
 * with demo content in an empty portal, the legacy total applied and the presence secret read.
 */
final class Storage implements AutoCloseable {
  private final DataDirLock lock;
  private final Optional<EmbeddedDatabase> embedded;
  private final PostgresUrl url;
  private final byte[] presenceSecret;

  private Storage(DataDirLock lock, Optional<EmbeddedDatabase> embedded, PostgresUrl url, byte[] presenceSecret) {
    this.lock = lock;
    this.embedded = embedded;
    this.url = url;
    this.presenceSecret = presenceSecret;
  }

  /**
   * Blocks; on failure releases what it had taken, and throws why. {@code demoContent}: an empty portal
   * gets the demo articles (not when an import is about to fill it).
   */
  static Storage open(PulseConfig config, SiteCalendar calendar, boolean demoContent) {
    DataDirLock lock = DataDirLock.acquire(config.dataDir());
    Optional<EmbeddedDatabase> embedded = Optional.empty();
    try {
      if (config.postgresUrl().isEmpty()) {
        embedded = Optional.of(EmbeddedDatabase.start(config.dataDir(), 0));
      }
      PostgresUrl url = embedded.map(EmbeddedDatabase::url).orElseGet(() -> config.postgresUrl().orElseThrow());
      byte[] presenceSecret = prepare(url, config, calendar, embedded.isEmpty(), demoContent);
      return new Storage(lock, embedded, url, presenceSecret);
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedDatabase::close);
      lock.close();
      throw e;
    }
  }

  /**
   * Over JDBC, once an external PostgreSQL answers. The first to connect: a host that does not
   * resolve is blamed on {@code PULSE_PG_URL}.
   */
  private static byte[] prepare(PostgresUrl url, PulseConfig config, SiteCalendar calendar, boolean external,
                                boolean demoContent) {
    try {
      if (external) {
        DatabaseWait.untilReachable(url, config.databaseWait());
      }
      Migrations.migrate(url);
      if (demoContent) {
        DemoArticles.seedIfEmpty(url, calendar.now());
      }
      config.siteLegacyViews().ifPresent(views -> SiteBaseline.apply(url, views));
      return PresenceSecret.load(url);
    } catch (RuntimeException e) {
      throw InvalidSettingException.ifUnknownHost(PulseConfig.PG_URL, e);
    }
  }

  PostgresUrl url() {
    return url;
  }

  byte[] presenceSecret() {
    return presenceSecret;
  }

  Optional<EmbeddedDatabase> embedded() {
    return embedded;
  }

  /** Stops the embedded PostgreSQL, if any, then releases the data directory. */
  @Override
  public void close() {
    embedded.ifPresent(EmbeddedDatabase::close);
    lock.close();
  }
}
