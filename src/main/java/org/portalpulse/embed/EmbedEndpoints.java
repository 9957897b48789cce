package org.portalpulse.embed;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.portalpulse.assets.StaticAsset;
import org.portalpulse.config.EmbedSettings;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.pages.PagePath;

import java.util.Base64;
import java.util.Optional;

/**
 * How pages that another CMS serves (or a cache holds) count and show live numbers: {@code /pulse.js},
 * which reports each view it sees shown to {@code POST /api/v1/views} ({@link ReportIntake}, taken
 * ahead of the router), and {@code /pulse.gif} for readers without JavaScript. Reports are counted by
 * exactly the rules of pages Portal Pulse serves ({@link ViewCounter}), and every answer a page's
 * report gets is the same 204 (or the image), whether it counted or not: nothing to tune an attack by.
 */
public final class EmbedEndpoints {
  /** The script's fixed URL, which portals' templates embed: never content-hashed. */
  public static final String SCRIPT = "/pulse.js";
  // Portals link the fixed URL, so a new version must reach them within the hour.
  private static final CharSequence SCRIPT_CACHE = HttpHeaders.createOptimized("public, max-age=3600");
  // The smallest transparent GIF: 1×1, one colour.
  private static final Buffer PIXEL = Buffer.buffer(Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"));

  private final ReportOrigins origins;
  private final ReportedViews views;
  private final ReportIntake intake;
  private final StaticAsset script;

  public EmbedEndpoints(EmbedSettings settings, PageDirectory pages, ViewCounter counter, StaticAsset script) {
    this.origins = new ReportOrigins(settings);
    this.views = new ReportedViews(counter, pages);
    this.intake = new ReportIntake(origins, views);
    this.script = script;
  }

  /** The reports of {@code /pulse.js}, for the server to hand over before its router sees them. */
  public ReportIntake intake() {
    return intake;
  }

  public void mount(Router router) {
    router.get(SCRIPT).handler(this::script);
    router.get("/pulse.gif").handler(this::pixel);
  }

  /** Loaded by portals' pages on other origins, as a classic script: no CORS needed. Compressed at build time. */
  private void script(RoutingContext ctx) {
    script.send(ctx, SCRIPT_CACHE);
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
      EmbedAnswers.refuse(ctx.response());
      return;
    }
    PagePath.Parsed page = PagePath.parse(pageParam(ctx).orElse(referer));
    if (!page.isPage()) {
      EmbedAnswers.error(ctx.response(), 400, "The page (?p= or the Referer): " + page.rejection().message());
      return;
    }
    views.count(request, page.page(), "").onComplete(done -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "image/gif")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(PIXEL));
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
}
