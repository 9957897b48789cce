package org.portalpulse.admin;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** How admin answers are written: JSON by default, CSV when asked for with {@code ?format=csv} or {@code Accept: text/csv}. */
final class AdminResponses {
  private AdminResponses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toBuffer());
  }

  static boolean wantsCsv(RoutingContext ctx) {
    List<String> format = ctx.queryParam("format");
    if (!format.isEmpty()) {
      return "csv".equals(format.get(0));
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/csv");
  }

  /** Answers with {@code json}, or with {@code table} as CSV named {@code filename} when CSV was asked for. */
  static void send(RoutingContext ctx, JsonObject json, Csv table, String filename) {
    if (wantsCsv(ctx)) {
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + ".csv\"")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .end(table.toString());
    } else {
      json(ctx, 200, json);
    }
  }
}
