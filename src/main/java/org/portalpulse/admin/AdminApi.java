package org.portalpulse.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.sqlclient.Pool;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.counting.ArticleLookup;
import org.portalpulse.counting.ClientAddress;
import org.portalpulse.counting.CounterReader;
import org.portalpulse.counting.SiteCalendar;
import org.portalpulse.counting.SiteCounters;
import org.portalpulse.db.Database;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.pages.PagePath;
import org.portalpulse.publishing.ArticleStore;
import org.portalpulse.publishing.Importer;
import org.portalpulse.publishing.InvalidArticle;
import org.portalpulse.admin.DateRange.BadAdminRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@code /api/admin/v1}: the admins' questions about the counters, and their articles
 * ({@link ArticleEndpoints}). Routes and request validation
 * come from {@code openapi/admin-v1.yaml}, served as it is at {@code /api/admin/v1/openapi.yaml};
 * every operation is behind {@link AdminAuth}. Handlers end in JSON, CSV, or a 4xx saying what to fix.
 */
public final class AdminApi {
  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
  public static final String CONTRACT = "openapi/admin-v1.yaml";
  private static final String BASE = "/api/admin/v1";
  private static final int BODY_LIMIT_BYTES = 4_096;
  /** Articles and imports carry HTML or a whole feed; the rest of the API small JSON. */
  private static final int CONTENT_LIMIT_BYTES = 2 * 1024 * 1024;
  private static final List<String> CONTENT_PATHS = List.of(BASE + "/articles", BASE + "/imports");

  private final OpenAPIContract contract;
  private final Buffer contractText;
  private final CounterReader counters;
  private final ArticleLookup articleIds;
  private final PageDirectory pages;
  private final SiteCalendar calendar;
  private final StatsQueries stats;
  private final Baselines baselines;
  private final AdminAuth auth;
  private final ArticleEndpoints articleEndpoints;

  private AdminApi(Vertx vertx, OpenAPIContract contract, Buffer contractText, PulseConfig config, Pool pool,
                   CounterReader counters, ArticleLookup articles, PageDirectory pages, ClientAddress clientAddress,
                   SiteCalendar calendar) {
    this.contract = contract;
    this.contractText = contractText;
    this.counters = counters;
    this.articleIds = articles;
    this.pages = pages;
    this.calendar = calendar;
    this.stats = new StatsQueries(pool, calendar);
    this.baselines = new Baselines(pool);
    this.auth = new AdminAuth(config.adminTokens(), clientAddress, calendar::millis);
    ArticleStore articleStore = new ArticleStore(pool);
    Supplier<OffsetDateTime> now = () -> calendar.now().toOffsetDateTime();
    this.articleEndpoints = new ArticleEndpoints(vertx, articleStore, new Importer(vertx, articleStore, now), now);
    if (config.adminTokens().isEmpty()) {
      LOG.warn("The admin API refuses every request: set {} or {} to use it", PulseConfig.ADMIN_TOKEN, PulseConfig.ADMIN_TOKENS);
    }
  }

  /** Reads and checks the contract once, at start-up. */
  public static Future<AdminApi> load(Vertx vertx, PulseConfig config, Pool pool, CounterReader counters,
                                      ArticleLookup articles, PageDirectory pages, ClientAddress clientAddress,
                                      SiteCalendar calendar) {
    Future<OpenAPIContract> contract = OpenAPIContract.from(vertx, CONTRACT);
    Future<Buffer> text = vertx.fileSystem().readFile(CONTRACT);
    return Future.all(contract, text).map(v ->
        new AdminApi(vertx, contract.result(), text.result(), config, pool, counters, articles, pages, clientAddress, calendar));
  }

  /** Mounts the API on a verticle's router; each verticle gets routers of its own. */
  public void mount(Vertx vertx, Router router) {
    router.get(BASE + "/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").end(contractText));
    // Failures inside the sub-router (validation, body limit, our own) come back up to here.
    router.route(BASE + "/*").failureHandler(this::failed);
    // Read here with the larger limit, the body is not read again by the operations' BodyHandler.
    CONTENT_PATHS.forEach(path -> router.route(path + "*").handler(BodyHandler.create(false).setBodyLimit(CONTENT_LIMIT_BYTES)));
    router.route(BASE + "/*").subRouter(operations(vertx));
  }

  private Router operations(Vertx vertx) {
    // The body is read once, by a BodyHandler with a limit, and the validator takes it from there.
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
        .rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
        // Authentication before validation: without a token, nothing about the request is judged.
        .rootHandler(auth);
    builder.getRoute("getCounters").addHandler(this::counters);
    builder.getRoute("getViews").addHandler(this::series);
    builder.getRoute("getTopArticles").addHandler(this::top);
    builder.getRoute("getBaselines").addHandler(this::baselines);
    builder.getRoute("setSiteBaseline").addHandler(this::setSiteBaseline);
    builder.getRoute("setArticleBaseline").addHandler(this::setArticleBaseline);
    builder.getRoute("getBaselineAudit").addHandler(this::audit);
    articleEndpoints.addTo(builder);
    // AdminAuth guards every operation; the contract's security scheme documents it.
    builder.getRoutes().forEach(route -> route.setDoSecurity(false));
    return builder.createRouter();
  }

  private void counters(RoutingContext ctx) {
    SiteCounters now = counters.site();
    stats.visitorsOn(calendar.today()).onFailure(ctx::fail).onSuccess(visitors -> {
      JsonObject json = new JsonObject().put("online", now.online()).put("today", now.today()).put("week", now.week())
          .put("total", now.total()).put("visitorsToday", visitors);
      Csv csv = new Csv("online", "today", "week", "total", "visitorsToday")
          .row(now.online(), now.today(), now.week(), now.total(), visitors);
      AdminResponses.send(ctx, json, csv, "counters");
    });
  }

  private void series(RoutingContext ctx) {
    ValidatedQuery query = ValidatedQuery.of(ctx);
    Bucket bucket = Bucket.parse(query.text("by").orElse("day"));
    LocalDate today = calendar.today();
    DateRange range = DateRange.parse(query.text("from"), query.text("to"),
        defaultFrom(bucket, today), today, bucket.maxDays);
    Optional<String> slug = query.text("article");
    Optional<String> path = query.text("page");
    if (slug.isPresent() && path.isPresent()) {
      throw new BadAdminRequest("Ask for an article or a page, not both");
    }
    if (slug.isEmpty() && path.isEmpty()) {
      stats.siteSeries(bucket, range).onFailure(ctx::fail).onSuccess(points -> sendSeries(ctx, bucket, range, null, false, points));
      return;
    }
    if (bucket == Bucket.HOUR) {
      throw new BadAdminRequest("Pages are kept per day, not per hour: use by=day, week or month");
    }
    OptionalLong page;
    if (slug.isPresent()) {
      page = articleIds.idOf(slug.get());
      if (page.isEmpty()) {
        noSuchArticle(ctx, slug.get());
        return;
      }
    } else {
      PagePath.Parsed parsed = PagePath.parse(path.get());
      if (!parsed.isPage()) {
        throw new BadAdminRequest("page: " + parsed.rejection().message());
      }
      String normalised = parsed.page().value();
      page = pages.idOf(normalised);
      if (page.isEmpty()) {
        AdminResponses.json(ctx, 404, new JsonObject().put("error", "No page has the path '" + normalised + "'"));
        return;
      }
    }
    String name = slug.orElseGet(path::get);
    stats.pageSeries(page.getAsLong(), bucket, range).onFailure(ctx::fail)
        .onSuccess(points -> sendSeries(ctx, bucket, range, name, slug.isPresent(), points));
  }

  /** Whole buckets: 30 days, 12 weeks from a week start, 12 months from the 1st, or today by hour. */
  private LocalDate defaultFrom(Bucket bucket, LocalDate today) {
    return switch (bucket) {
      case HOUR -> today;
      case DAY -> today.minusDays(29);
      case WEEK -> calendar.weekStartOf(today).minusWeeks(11);
      case MONTH -> today.minusMonths(11).withDayOfMonth(1);
    };
  }

  /** {@code of} is null for the site, else the article's slug or the page's path as asked. */
  private void sendSeries(RoutingContext ctx, Bucket bucket, DateRange range, String of, boolean article,
                          List<SeriesPoint> points) {
    JsonArray json = new JsonArray();
    Csv csv = of == null ? new Csv("start", "views", "visitors") : new Csv("start", "views");
    for (SeriesPoint p : points) {
      JsonObject point = new JsonObject().put("start", p.start()).put("views", p.views());
      if (of == null) {
        point.put("visitors", p.visitors());
        csv.row(p.start(), p.views(), p.visitors());
      } else {
        csv.row(p.start(), p.views());
      }
      json.add(point);
    }
    JsonObject body = new JsonObject().put("by", bucket.label()).put("from", range.from().toString())
        .put("to", range.to().toString()).put("timezone", calendar.zone().getId());
    if (of != null) {
      body.put(article ? "article" : "page", of);
    }
    String name = "views-" + bucket.label() + "-" + range.from() + "-" + range.to() + (article ? "-" + of : "");
    AdminResponses.send(ctx, body.put("points", json), csv, name);
  }

  private void top(RoutingContext ctx) {
    ValidatedQuery query = ValidatedQuery.of(ctx);
    LocalDate today = calendar.today();
    DateRange range = DateRange.parse(query.text("from"), query.text("to"),
        calendar.weekStartOf(today), today, Bucket.MONTH.maxDays);
    int limit = query.integer("limit").orElse(10);
    stats.top(range, limit).onFailure(ctx::fail).onSuccess(found -> {
      JsonArray all = new JsonArray();
      JsonArray articles = new JsonArray();
      // The columns of before pages were counted first, so a spreadsheet built on them still reads them.
      Csv csv = new Csv("slug", "title", "views", "path");
      found.forEach(p -> {
        JsonObject page = new JsonObject().put("path", p.path()).put("title", p.title()).put("views", p.views());
        p.slug().ifPresent(slug -> {
          page.put("slug", slug);
          articles.add(new JsonObject().put("slug", slug).put("title", p.title()).put("views", p.views()));
        });
        all.add(page);
        csv.row(p.slug().orElse(""), p.title(), p.views(), p.path());
      });
      JsonObject json = new JsonObject().put("from", range.from().toString()).put("to", range.to().toString())
          .put("pages", all).put("articles", articles);
      AdminResponses.send(ctx, json, csv, "top-" + range.from() + "-" + range.to());
    });
  }

  private void baselines(RoutingContext ctx) {
    baselines.all().onFailure(ctx::fail).onSuccess(all -> {
      Csv csv = new Csv("target", "title", "legacyViews").row(Baselines.SITE, "", all.getLong("site"));
      all.getJsonArray("articles").forEach(a -> {
        JsonObject article = (JsonObject) a;
        csv.row(article.getString("slug"), article.getString("title"), article.getLong("legacyViews"));
      });
      AdminResponses.send(ctx, all, csv, "baselines");
    });
  }

  private void setSiteBaseline(RoutingContext ctx) {
    long value = ctx.body().asJsonObject().getLong("legacyViews");
    baselines.setSite(value, ctx.get(AdminAuth.TOKEN_NAME)).onFailure(ctx::fail)
        .onSuccess(change -> AdminResponses.json(ctx, 200, change.toJson()));
  }

  private void setArticleBaseline(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    long value = ctx.body().asJsonObject().getLong("legacyViews");
    baselines.setArticle(slug, value, ctx.get(AdminAuth.TOKEN_NAME)).onFailure(ctx::fail).onSuccess(change -> {
      if (change.isEmpty()) {
        noSuchArticle(ctx, slug);
      } else {
        AdminResponses.json(ctx, 200, change.get().toJson());
      }
    });
  }

  private void audit(RoutingContext ctx) {
    int limit = ValidatedQuery.of(ctx).integer("limit").orElse(100);
    baselines.audit(limit).onFailure(ctx::fail).onSuccess(changes -> {
      Csv csv = new Csv("at", "token", "target", "old", "new");
      changes.forEach(c -> {
        JsonObject change = (JsonObject) c;
        csv.row(change.getString("at"), change.getString("token"), change.getString("target"),
            change.getLong("old"), change.getLong("new"));
      });
      AdminResponses.send(ctx, new JsonObject().put("changes", changes), csv, "baseline-audit");
    });
  }

  static void noSuchArticle(RoutingContext ctx, String slug) {
    AdminResponses.json(ctx, 404, new JsonObject().put("error", "No article has the slug '" + slug + "'"));
  }

  /**
   * Requests the contract or our own checks refuse (400, with the reason), bodies over the limit (413),
   * a database too busy to answer in time (503), and anything that went wrong on our side (500, logged;
   * the client gets no details).
   */
  private void failed(RoutingContext ctx) {
    int status = ctx.statusCode();
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      failure = http.getCause() != null ? http.getCause() : http;
    }
    // The validator's reason, or ours (a range the contract cannot express), says what to fix.
    boolean explained = failure instanceof ValidatorException || failure instanceof BadAdminRequest
        || failure instanceof InvalidArticle;
    if (status == 400 || explained) {
      AdminResponses.json(ctx, 400, new JsonObject().put("error", explained ? failure.getMessage() : "The request is malformed"));
    } else if (Database.busy(failure)) {
      // Admin queries have a pool of their own, small so that they never crowd out the flushes.
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "5");
      AdminResponses.json(ctx, 503, new JsonObject().put("error", "The database is too busy to answer now: try again in a few seconds"));
    } else if (status == 413) {
      int limit = CONTENT_PATHS.stream().anyMatch(ctx.request().path()::startsWith) ? CONTENT_LIMIT_BYTES : BODY_LIMIT_BYTES;
      AdminResponses.json(ctx, 413, new JsonObject().put("error", "The body is over " + limit + " bytes"));
    } else {
      LOG.error("Admin request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      AdminResponses.json(ctx, 500, new JsonObject().put("error", "The request could not be answered; see the server log"));
    }
  }

}
