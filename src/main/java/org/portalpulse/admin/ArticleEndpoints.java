package org.portalpulse.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.portalpulse.publishing.ArticleEdit;
import org.portalpulse.publishing.ArticleFields;
import org.portalpulse.publishing.ArticleStore;
import org.portalpulse.publishing.ImportSource;
import org.portalpulse.publishing.Importer;
import org.portalpulse.publishing.NewArticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The admins' writes to the articles: publish, change, withdraw and import. The contract has checked
 * each body's shape; {@link ArticleFields} checks the rest and sanitises the HTML, and its refusals
 * come back as 400 with their reason.
 */
final class ArticleEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(ArticleEndpoints.class);

  private final Vertx vertx;
  private final ArticleStore store;
  private final Importer importer;
  private final Supplier<OffsetDateTime> now;

  ArticleEndpoints(Vertx vertx, ArticleStore store, Importer importer, Supplier<OffsetDateTime> now) {
    this.vertx = vertx;
    this.store = store;
    this.importer = importer;
    this.now = now;
  }

  void addTo(RouterBuilder builder) {
    builder.getRoute("createArticle").addHandler(this::create);
    builder.getRoute("getArticle").addHandler(this::get);
    builder.getRoute("updateArticle").addHandler(this::update);
    builder.getRoute("unpublishArticle").addHandler(ctx -> setPublished(ctx, false));
    builder.getRoute("publishArticle").addHandler(ctx -> setPublished(ctx, true));
    builder.getRoute("getArticleAudit").addHandler(this::audit);
    builder.getRoute("importArticles").addHandler(this::importSource);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    checked(() -> NewArticle.of(body.getString("title"), body.getString("summary", ""), body.getString("body"),
        publishedAt(body).orElseGet(now), Optional.ofNullable(body.getString("imageUrl")), legacyViews(body)))
        .compose(article -> store.create(article, tokenName(ctx)))
        .compose(created -> store.find(created.slug()))
        .onFailure(ctx::fail)
        .onSuccess(stored -> AdminResponses.json(ctx, 201, stored.orElseThrow()));
  }

  /**
   * Checks and sanitises an article off the event loop: jsoup parses a body of up to 500 000 characters.
   * Unordered: admins' writes need not wait for each other's parsing.
   */
  private <T> Future<T> checked(Callable<T> fields) {
    return vertx.executeBlocking(fields, false);
  }

  private void get(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    store.find(slug).onFailure(ctx::fail).onSuccess(stored -> answer(ctx, slug, stored));
  }

  private void update(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    JsonObject body = ctx.body().asJsonObject();
    Optional<Optional<String>> image = body.containsKey("imageUrl")
        ? Optional.of(Optional.ofNullable(body.getString("imageUrl"))) : Optional.empty();
    checked(() -> ArticleEdit.of(Optional.ofNullable(body.getString("title")),
        Optional.ofNullable(body.getString("summary")), Optional.ofNullable(body.getString("body")),
        publishedAt(body), image, legacyViews(body)))
        .compose(edit -> store.update(slug, edit, tokenName(ctx)))
        .compose(updated -> updated.isEmpty() ? Future.succeededFuture(Optional.<JsonObject>empty())
            : store.find(slug).map(stored -> stored.map(json -> json.put("changed", updated.get().changed()))))
        .onFailure(ctx::fail)
        .onSuccess(stored -> answer(ctx, slug, stored));
  }

  private void setPublished(RoutingContext ctx, boolean published) {
    String slug = ctx.pathParam("slug");
    store.setPublished(slug, published, tokenName(ctx))
        .compose(changed -> changed.isEmpty() ? Future.succeededFuture(Optional.<JsonObject>empty())
            : store.find(slug).map(stored -> stored.map(json -> json.put("changed", changed.get()))))
        .onFailure(ctx::fail)
        .onSuccess(stored -> answer(ctx, slug, stored));
  }

  private void audit(RoutingContext ctx) {
    int limit = ValidatedQuery.of(ctx).integer("limit").orElse(100);
    store.audit(limit).onFailure(ctx::fail)
        .onSuccess(changes -> AdminResponses.json(ctx, 200, new JsonObject().put("changes", changes)));
  }

  private void importSource(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    ImportSource source = body.containsKey("url") ? ImportSource.url(body.getString("url"))
        : ImportSource.content(body.getString("content"));
    String token = tokenName(ctx);
    importer.run(source, token, progress -> LOG.info("Import by {} from {}: {}", token, source.name(), progress))
        .onFailure(ctx::fail)
        .onSuccess(summary -> {
          LOG.info("{}", String.join("\n", summary.report()));
          AdminResponses.json(ctx, 200, summary.toJson());
        });
  }

  private static void answer(RoutingContext ctx, String slug, Optional<JsonObject> stored) {
    if (stored.isPresent()) {
      AdminResponses.json(ctx, 200, stored.get());
    } else {
      AdminApi.noSuchArticle(ctx, slug);
    }
  }

  private static Optional<OffsetDateTime> publishedAt(JsonObject body) {
    return Optional.ofNullable(body.getString("publishedAt")).map(ArticleFields::publishedAt);
  }

  private static OptionalLong legacyViews(JsonObject body) {
    return body.containsKey("legacyViews") ? OptionalLong.of(body.getLong("legacyViews")) : OptionalLong.empty();
  }

  private static String tokenName(RoutingContext ctx) {
    return ctx.get(AdminAuth.TOKEN_NAME);
  }
}
