package org.portalpulse.embed;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.portalpulse.assets.StaticAsset;
import org.portalpulse.config.EmbedSettings;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.pages.PagePath;

import java.util.Base64;
import java.util.Optional;

/**
 * How pages that another CMS serves (or a cache holds) count and show live numbers: {@code /pulse.js},
 * which reports each view it sees shown to {@code POST /api/v1/views}, and {@code /pulse.gif} for
 * readers without JavaScript. Reports are counted by exactly the rules of pages Portal Pulse serves
 * ({@link ViewCounter}), and every answer a page's report gets is the same 204 (or the image),
 * whether it counted or not: nothing to tune an attack by.
 */
public final class EmbedEndpoints {
  public static final String VIEWS = "/api/v1/views";
  static final int MAX_BODY_BYTES = 2_048;
  /** The script's fixed URL, which portals' templates embed: never content-hashed. */
  public static final String SCRIPT = "/pulse.js";
  // Portals link the fixed URL, so a new version must reach them within the hour.
  private static final CharSequence SCRIPT_CACHE = HttpHeaders.createOptimized("public, max-age=3600");
  // The smallest transparent GIF: 1×1, one colour.
  private static final Buffer PIXEL = Buffer.buffer(Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"));

  private final ReportOrigins origins;
  private final PageDirectory pages;
  private final ViewCounter views;
  private final StaticAsset script;

  public EmbedEndpoints(EmbedSettings settings, PageDirectory pages, ViewCounter views, StaticAsset script) {
    this.origins = new ReportOrigins(settings);
    this.pages = pages;
    this.views = views;
    this.script = script;
  }

  public void mount(Router router) {
    router.get(SCRIPT).handler(this::script);
    router.options(VIEWS).handler(this::preflight);
    // The origin is judged before the body is read: a page that may not report costs no buffer.
    router.post(VIEWS).handler(this::checkOrigin);
    router.post(VIEWS).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.post(VIEWS).handler(this::report);
    router.get("/pulse.gif").handler(this::pixel);
  }

  /** Loaded by portals' pages on other origins, as a classic script: no CORS needed. Compressed at build time. */
  private void script(RoutingContext ctx) {
    script.send(ctx, SCRIPT_CACHE);
  }

  /** What a browser asks before a report it may not send as a simple request (a JSON one). */
  private void preflight(RoutingContext ctx) {
    if (!allowedToReport(ctx)) {
      return;
    }
    ctx.response().setStatusCode(204)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type")
        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
        .end();
  }

  private void checkOrigin(RoutingContext ctx) {
    if (allowedToReport(ctx)) {
      ctx.next();
    }
  }

  /** Whether the request's Origin may report views: then its answer may be read there, else it is refused. */
  private boolean allowedToReport(RoutingContext ctx) {
    Optional<String> origin = origins.allowed(ctx.request().getHeader(HttpHeaders.ORIGIN), ctx.request());
    if (origin.isEmpty()) {
      refuse(ctx);
      return false;
    }
    ReportOrigins.allowReading(ctx.response(), origin.get());
    return true;
  }

  private void report(RoutingContext ctx) {
    ViewReport report;
    try {
      report = ViewReport.parse(ctx.body().buffer());
    } catch (ViewReport.BadReport bad) {
      badRequest(ctx, bad.getMessage());
      return;
    }
    count(ctx.request(), report.page(), report.title())
        .onComplete(done -> ctx.response().setStatusCode(204).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end());
  }

  /**
   * The no-script fallback: the page is {@code ?p=} when the portal's template writes it, else the
   * {@code Referer}, which browsers send cut to the origin unless the image asks for more
   * ({@code referrerpolicy="no-referrer-when-downgrade"}, as the README's snippet does).
   */
  private void pixel(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String referer = request.getHeader(HttpHeaders.REFERER);
    Optional<String> origin = Optional.ofNullable(referer).flatMap(r -> origins.allowed(originOf(r), request));
    if (origin.isEmpty()) {
      refuse(ctx);
      return;
    }
    PagePath.Parsed page = PagePath.parse(pageParam(ctx).orElse(referer));
    if (!page.isPage()) {
      badRequest(ctx, "The page (?p= or the Referer): " + page.rejection().message());
      return;
    }
    count(request, page.page(), "").onComplete(done -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "image/gif")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(PIXEL));
  }

  /** Counts the view, making its page first if the view counts: a refused one makes no page. Never fails. */
  private Future<Void> count(HttpServerRequest request, PagePath page, String title) {
    Optional<ViewCounter.Admission> admitted = views.admitReport(request, page.value());
    if (admitted.isEmpty()) {
      return Future.succeededFuture();
    }
    return pages.idFor(page.value(), title).map(id -> {
      admitted.get().countAs(id);
      return null;
    });
  }

  /** {@code ?p=}, decoded; empty when absent or not decodable (then the Referer is the page). */
  private static Optional<String> pageParam(RoutingContext ctx) {
    try {
      return ctx.queryParam("p").stream().findFirst();
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** {@code scheme://host[:port]} of a URL, or the text itself when it is none (then refused). */
  private static String originOf(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int path = url.indexOf('/', scheme + 3);
    return path < 0 ? url : url.substring(0, path);
  }

  private static void refuse(RoutingContext ctx) {
    error(ctx, 403, "This origin may not report views: list it in PULSE_EMBED_ORIGINS");
  }

  private static void badRequest(RoutingContext ctx, String message) {
    error(ctx, 400, message);
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("error", message).toBuffer());
  }
}
