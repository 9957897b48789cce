package org.portalpulse.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** The admin API as a test calls it: a token (or none), and the client address it comes from. */
public final class AdminClient implements AutoCloseable {
  private final WebClient client;
  private final int port;

  public AdminClient(Vertx vertx, int port) {
    // As many requests at once as a test sends, not the client's default of 5 connections.
    this.client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(64));
    this.port = port;
  }

  /** {@code authorization} is the whole header value, or null for none. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String authorization, String fromAddress, JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", "/api/admin/v1" + path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    if (fromAddress != null) {
      request.putHeader("X-Forwarded-For", fromAddress);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return getLater(path, token).await();
  }

  /** The same GET, not waited for: for requests a test keeps in flight. */
  public Future<HttpResponse<Buffer>> getLater(String path, String token) {
    return client.get(port, "127.0.0.1", "/api/admin/v1" + path).putHeader("Authorization", "Bearer " + token).send();
  }

  public HttpResponse<Buffer> getWithAccept(String path, String token, String accept) {
    return client.get(port, "127.0.0.1", "/api/admin/v1" + path)
        .putHeader("Authorization", "Bearer " + token).putHeader("Accept", accept).send().await();
  }

  public JsonObject getJson(String path, String token) {
    HttpResponse<Buffer> response = get(path, token);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  @Override
  public void close() {
    client.close();
  }
}
