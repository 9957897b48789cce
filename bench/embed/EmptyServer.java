import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The ceiling for bench/embed.sh: a Vert.x server that answers every request with the 204 a report
 * gets, after reading its body, and does nothing else. Views counted per second can never beat its
 * requests per second under the same load generator. Run with the jar's classpath:
 * java -cp target/portal-pulse.jar bench/embed/EmptyServer.java PORT
 */
public class EmptyServer {
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        // HTTP/1.1 only, as Portal Pulse's readers' server is
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(request -> request.body().onComplete(body ->
            request.response().setStatusCode(204).putHeader("Access-Control-Allow-Origin", "http://portal.bench").end()))
            .listen(port);
      }
    }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("listening on " + port))
        .onFailure(err -> { err.printStackTrace(); System.exit(1); });
  }
}
