package org.portalpulse.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** The admin API as a test calls it: a token (or none), and the client address it comes from. */
public final class AdminClient implements AutoCloseable {
  private final WebClient client;
  private final int port;

  public AdminClient(Vertx vertx, int port) {
    this.client = WebClient.create(vertx);
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
    return send(HttpMethod.GET, path, "Bearer " + token, null, null);
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
