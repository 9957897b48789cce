package org.portalpulse;

import gg.jte.TemplateEngine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.portalpulse.admin.AdminApi;
import org.portalpulse.admin.AdminPage;
import org.portalpulse.assets.StaticAssets;
import org.portalpulse.config.ConfigLoader;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.content.ArticleChanges;
import org.portalpulse.content.CurrentCatalog;
import org.portalpulse.content.PageRenderer;
import org.portalpulse.content.ReaderPages;
import org.portalpulse.content.SiteAddress;
import org.portalpulse.content.SiteFeeds;
import org.portalpulse.counting.BatchSpool;
import org.portalpulse.counting.BotDetector;
import org.portalpulse.counting.ClientAddress;
import org.portalpulse.counting.CounterLedger;
import org.portalpulse.counting.CounterReader;
import org.portalpulse.counting.CounterStore;
import org.portalpulse.counting.DailySalts;
import org.portalpulse.counting.FlushStatus;
import org.portalpulse.counting.FlushVerticle;
import org.portalpulse.counting.HistoryRollup;
import org.portalpulse.counting.HousekeepingVerticle;
import org.portalpulse.counting.SightingsExpiry;
import org.portalpulse.counting.SiteCalendar;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.counting.VisitorHasher;
import org.portalpulse.counting.VisitorKeys;
import org.portalpulse.db.Database;
import org.portalpulse.db.DatabaseReachability;
import org.portalpulse.db.EmbeddedDatabaseWatch;
import org.portalpulse.embed.EmbedEndpoints;
import org.portalpulse.live.LiveNumbers;
import org.portalpulse.ops.Observability;
import org.portalpulse.ops.OpsRoutes;
import org.portalpulse.ops.PageMetrics;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.pages.TitleWriterVerticle;
import org.portalpulse.presence.Presence;
import org.portalpulse.web.Capabilities;
import org.portalpulse.web.OpsServer;
import org.portalpulse.web.ReaderServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Starts and stops one Portal Pulse instance, in order, and is where its parts are put together.
 * Start: configuration, database (embedded when none is configured), migrations and demo content, all
 * before any verticle; then the housekeeping, flush, presence and expiry verticles, and the servers.
 * Stop: the servers first, then the final flush, then the database.
 */
public final class PulseApplication {
  private static final Logger LOG = LoggerFactory.getLogger(PulseApplication.class);

  private final Vertx vertx;
  private final PulseConfig config;
  private final Storage storage;
  private final PostgresUrl databaseUrl;
  /** Where notifications are heard: a session connection to the primary (README, Through PgBouncer or a replica). */
  private final PostgresUrl listenUrl;
  private final Pool pool;
  /** Admin queries and the history rollup: flushing never waits behind them for a connection. */
  private final Pool adminPool;
  private final CounterLedger ledger;
  /** Newest first: stopping undeploys in the reverse order of start-up, HTTP before the final flush. */
  private final Deque<Deployed> deployed = new ArrayDeque<>();

  private PulseApplication(Vertx vertx, PulseConfig config, Storage storage) {
    this.vertx = vertx;
    this.config = config;
    this.storage = storage;
    this.databaseUrl = storage.url();
    this.listenUrl = config.listenUrl().orElse(databaseUrl);
    this.pool = Database.pool(vertx, databaseUrl);
    this.adminPool = Database.adminPool(vertx, databaseUrl);
    this.ledger = new CounterLedger();
  }

  /**
   * Blocks until the instance serves, or throws why it cannot, having released everything it had
   * started. Never call it from an event loop.
   */
  public static PulseApplication start(Map<String, String> overrides, Clock clock) throws StartupException {
    PrometheusMeterRegistry registry = Observability.newRegistry();
    Vertx vertx = Observability.vertxReportingTo(registry);
    Optional<Storage> storage = Optional.empty();
    try {
      PulseConfig config = ConfigLoader.load(vertx, overrides).await();
      SiteCalendar calendar = new SiteCalendar(clock, config.timezone(), config.weekStart());
      storage = Optional.of(Storage.open(config, calendar, true));
      PulseApplication app = new PulseApplication(vertx, config, storage.get());
      app.deploy(calendar, storage.get().presenceSecret(), registry).await();
      LOG.info("Portal Pulse serves http://{}:{}/ (PostgreSQL {})", config.httpHost(), config.httpPort(), app.databaseUrl);
      config.opsPort().ifPresent(port -> LOG.info("Metrics and health: http://{}:{}/metrics and /health", config.httpHost(), port));
      return app;
    } catch (Exception e) {
      // Future.await() rethrows checked failures too, such as a BindException for a port in use.
      vertx.close().await();
      storage.ifPresent(Storage::close);
      throw new StartupException(e);
    }
  }

  private Future<Void> deploy(SiteCalendar calendar, byte[] presenceSecret, PrometheusMeterRegistry registry) {
    String instanceId = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    CounterStore store = new CounterStore(pool, instanceId);
    DailySalts salts = new DailySalts(pool);
    Presence presence = new Presence(config.onlineWindow(), calendar::millis);
    ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
    BotDetector bots = BotDetector.fromBundledList();
    VisitorHasher hasher = new VisitorHasher(salts, presenceSecret);
    ViewCounter views = new ViewCounter(config, calendar, clientAddress, bots, hasher, presence, ledger);
    CounterReader counters = new CounterReader(calendar, ledger, presence);
    FlushStatus flushStatus = new FlushStatus(ledger, calendar::millis, registry);
    DatabaseReachability database = new DatabaseReachability(System::currentTimeMillis);
    OpsRoutes ops = new OpsRoutes(vertx, registry, ledger, views, counters, flushStatus, database);
    TemplateEngine templates = PageRenderer.precompiledTemplates();

    BatchSpool spool = new BatchSpool(config.dataDir());
    LocalDate weekStart = calendar.weekStartOf(calendar.today());
    // Views kept at the last stop first, so that the totals read next include them.
    Future<Void> stored = spool.replay(store).compose(v -> store.load(weekStart)).map(totals -> {
      ledger.load(totals);
      return null;
    });
    Future<CurrentCatalog> catalog = CurrentCatalog.load(pool, config.timezone());
    Future<PageDirectory> pages = PageDirectory.load(pool, config.embed(), calendar::millis)
        .onSuccess(loaded -> PageMetrics.bind(registry, loaded));
    Future<AdminApi> admin = Future.all(catalog, pages).compose(v ->
        AdminApi.load(vertx, config, adminPool, counters, catalog.result(), pages.result(), clientAddress, calendar));
    Future<StaticAssets> assets = StaticAssets.load(vertx);
    Future<Buffer> favicon = SiteFeeds.bundledFavicon(vertx);
    // admin waits on the catalog and the pages already.
    return Future.all(List.of(stored, admin, assets, favicon))
        .map(v -> new Capabilities(
            new ReaderPages(catalog.result(), views, counters, new PageRenderer(templates), config.countOn(),
                new SiteAddress(config.publicUrl(), clientAddress), favicon.result()),
            new LiveNumbers(config.live(), config.embed(), catalog.result(), pages.result(), clientAddress,
                new VisitorKeys(bots, hasher), counters, views, presence, registry),
            new EmbedEndpoints(config.embed(), pages.result(), views, assets.result().byPath(EmbedEndpoints.SCRIPT)),
            admin.result(), new AdminPage(templates), ops, config.opsPort().isPresent(), assets.result()))
        // First, so stopped last: the final flush still gets a PostgreSQL that died restarted.
        .compose(shared -> storage.embedded()
            .map(db -> deploy("stop watching the embedded PostgreSQL", () -> new EmbeddedDatabaseWatch(db, database),
                ownWorker("pulse-embedded-watch")))
            .orElse(Future.succeededFuture())
            .compose(v -> deploy("stop housekeeping",
                () -> new HousekeepingVerticle(pool, salts, calendar, new HistoryRollup(adminPool, calendar)), new DeploymentOptions()))
            .compose(v -> deploy("write the counted views",
                () -> new FlushVerticle(ledger, store, calendar, config.flushInterval(), listenUrl, instanceId, flushStatus, spool),
                new DeploymentOptions()))
            .compose(v -> deploy("stop sharing who is online", () -> presence.sharing(pool, listenUrl, instanceId, database), ownWorker("pulse-presence")))
            .compose(v -> deploy("stop the presence sweeps", presence::upkeep, ownWorker("pulse-presence-upkeep")))
            .compose(v -> deploy("stop the de-duplication sweeps", () -> new SightingsExpiry(views), ownWorker("pulse-expiry")))
            .compose(v -> deploy("stop following article changes",
                () -> new ArticleChanges(listenUrl, pool, config.timezone(), catalog.result()), new DeploymentOptions()))
            .compose(v -> deploy("write the pages' titles", () -> new TitleWriterVerticle(pages.result()), new DeploymentOptions()))
            .compose(v -> deploy("stop serving", () -> new ReaderServer(shared, config.httpHost(), config.httpPort()),
                new DeploymentOptions().setInstances(config.httpInstances())))
            // After the readers' port, so stopped before it: a load balancer watching /health stops
            // sending readers here while the pages in progress still finish.
            .compose(v -> config.opsPort()
                .map(port -> deploy("stop serving metrics and health", () -> new OpsServer(ops, config.httpHost(), port), new DeploymentOptions()))
                .orElse(Future.succeededFuture())));
  }

  /** A worker verticle on a thread of its own: nothing else queued on the shared worker pool delays it. */
  private static DeploymentOptions ownWorker(String poolName) {
    return new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName(poolName).setWorkerPoolSize(1);
  }

  /** Deploys, remembering what undeploying it means, for the log of a stop that goes wrong. */
  private Future<Void> deploy(String undeployStep, Supplier<Deployable> verticle, DeploymentOptions options) {
    return vertx.deployVerticle(verticle, options)
        .map(id -> {
          deployed.push(new Deployed(id, undeployStep));
          return null;
        });
  }

  private record Deployed(String id, String undeployStep) {
  }

  /**
   * Graceful stop: no new requests, every counted view written, then the database stopped. Every
   * step runs even if one before it failed; returns false when something was not stopped cleanly,
   * such as views PostgreSQL did not accept in time.
   */
  public boolean stop() {
    boolean clean = true;
    while (!deployed.isEmpty()) {
      Deployed newest = deployed.pop();
      clean &= attempt(newest.undeployStep(), () -> vertx.undeploy(newest.id()).await());
    }
    clean &= attempt("close the database pool", () -> pool.close().await());
    clean &= attempt("close the admin database pool", () -> adminPool.close().await());
    clean &= attempt("close Vert.x", () -> vertx.close().await());
    clean &= attempt("stop the embedded PostgreSQL and release the data directory", storage::close);
    LOG.info(clean ? "Portal Pulse stopped" : "Portal Pulse stopped, not cleanly");
    return clean;
  }

  private static boolean attempt(String step, Runnable action) {
    try {
      action.run();
      return true;
    } catch (RuntimeException e) {
      LOG.error("Could not {}: {}", step, e.getMessage());
      return false;
    }
  }


  public PulseConfig config() {
    return config;
  }

  public PostgresUrl databaseUrl() {
    return databaseUrl;
  }

  public CounterLedger ledger() {
    return ledger;
  }
}
