package org.portalpulse.embed;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.pages.PagePath;

import java.util.Optional;

/** Counts a view a page reported (by script or image) by the rules of served pages, and makes its page if it counts. */
final class ReportedViews {
  private final ViewCounter views;
  private final PageDirectory pages;

  ReportedViews(ViewCounter views, PageDirectory pages) {
    this.views = views;
    this.pages = pages;
  }

  /** Counts the view, making its page first if the view counts: a refused one makes no page. Never fails. */
  Future<Void> count(HttpServerRequest request, PagePath page, String title) {
    Optional<ViewCounter.Admission> admitted = views.admitReport(request, page.value());
    if (admitted.isEmpty()) {
      return Future.succeededFuture();
    }
    return pages.idFor(page.value(), title).map(id -> {
      admitted.get().countAs(id);
      return null;
    });
  }
}
