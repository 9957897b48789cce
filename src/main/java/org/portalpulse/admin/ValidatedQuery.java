package org.portalpulse.admin;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

import java.util.Optional;

/**
 * The query parameters as the OpenAPI validator checked them, never re-read from the raw request:
 * what was validated is what is used (the raw value may differ in its decoding, or spell an integer
 * as 1e1).
 */
final class ValidatedQuery {
  private final ValidatedRequest request;

  private ValidatedQuery(ValidatedRequest request) {
    this.request = request;
  }

  static ValidatedQuery of(RoutingContext ctx) {
    return new ValidatedQuery(ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST));
  }

  Optional<String> text(String name) {
    return value(name).map(Object::toString);
  }

  /** The schema says integer, and its bounds: a value like 10.0 is still ten. */
  Optional<Integer> integer(String name) {
    return value(name).map(v -> v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString()));
  }

  private Optional<Object> value(String name) {
    RequestParameter parameter = request == null ? null : request.getQuery().get(name);
    return parameter == null || parameter.isNull() ? Optional.empty() : Optional.ofNullable(parameter.get());
  }
}
