package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secret salts behind visitor ids, shared by every instance through PostgreSQL. Tomorrow's salt
 * is fetched a day ahead, so a database outage across midnight does not change how visitors hash.
 */
public final class DailySalts {
  private static final Logger LOG = LoggerFactory.getLogger(DailySalts.class);
  private static final int SALT_BYTES = 32;

  private final Pool pool;
  private final SecureRandom random = new SecureRandom();
  private final Map<LocalDate, byte[]> salts = new ConcurrentHashMap<>();

  public DailySalts(Pool pool) {
    this.pool = pool;
  }

  /** Makes sure the salts of {@code today} and the next day are known, and forgets older ones. */
  public Future<Void> prepare(LocalDate today) {
    return ensure(today)
        .compose(v -> ensure(today.plusDays(1)))
        .compose(v -> pool.preparedQuery(SqlQueries.DELETE_OLD_SALTS).execute(Tuple.of(today)))
        .map(rows -> {
          salts.keySet().removeIf(day -> day.isBefore(today));
          return null;
        });
  }

  byte[] saltFor(LocalDate day) {
    return salts.computeIfAbsent(day, missing -> {
      // Only reachable when PostgreSQL was unreachable for a whole day: hash with a local salt
      // rather than stop counting. Unique visitors may then be counted once per instance.
      LOG.warn("No shared salt for {}; using a salt local to this instance until restart", missing);
      return newSalt();
    });
  }

  private Future<Void> ensure(LocalDate day) {
    if (salts.containsKey(day)) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(SqlQueries.ENSURE_SALT)
        .execute(Tuple.of(day, Buffer.buffer(newSalt())))
        .map(rows -> {
          // The winner's salt when another instance created it first: the statement returns it either way.
          salts.putIfAbsent(day, rows.iterator().next().getBuffer("salt").getBytes());
          return null;
        });
  }

  private byte[] newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    return salt;
  }
}
