package org.portalpulse.web;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.HeadlessChromium;
import org.portalpulse.support.NeedsBrowser;
import org.portalpulse.support.NginxServer;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portalpulse.support.ShownOnPages.assertShown;
import static org.portalpulse.support.ShownOnPages.awaitShown;
import static org.portalpulse.support.ShownOnPages.left;
import static org.portalpulse.support.Waits.holdsFor;

/**
 * {@code conf/nginx/load-balancer.conf}, run by Debian's nginx with the test's ports, in front of three
 * instances, each a JVM of its own on one PostgreSQL, as an operator runs them. Readers connect from
 * loopback addresses of their own (127.1.x.y), so nginx sees each at its own address and the instances
 * learn it only from the X-Forwarded-For that nginx writes; nginx is at 127.0.0.1, the one trusted proxy.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Three instances behind Debian's nginx count exactly, keep pages live, and survive the loss of one")
class ThreeInstancesBehindNginxTest {
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "load-balancer");
  // The promises.
  private static final Duration VIEW_REACHES_PAGES = Duration.ofSeconds(2);
  private static final Duration PAGES_RECONNECT = Duration.ofSeconds(5);
  private static final Duration ONLINE_RECOVERS = Duration.ofSeconds(10);
  /** What SIGKILL may cost: the views of the last flush interval (100 ms here) and of a commit in flight, with room. */
  private static final Duration LAST_FLUSH = Duration.ofSeconds(1);
  /** Written by every reader into X-Forwarded-For: were it believed, all of them would be one visitor. */
  private static final String FORGED = "203.0.113.7";
  private static final int AT_ONCE = 50;

  private static final List<Instance> instances = new ArrayList<>();
  private static final AtomicInteger readers = new AtomicInteger();
  private static PostgresUrl database;
  private static NginxServer nginx;
  private static int nginxPort;
  private static String slug;

  @BeforeAll
  static void start() throws IOException {
    String url = TestPostgres.newDatabaseUrl();
    database = PostgresUrl.parse(url);
    // One after the other: the first migrates the empty database and writes the demo articles.
    for (String name : List.of("A", "B", "C")) {
      instances.add(Instance.start(name, url));
    }
    nginxPort = PulseTestServer.freePort();
    Map<String, String> ports = new LinkedHashMap<>();
    ports.put("127.0.0.1:8090", "127.0.0.1:" + nginxPort);
    for (int i = 0; i < instances.size(); i++) {
      ports.put("127.0.0.1:" + (8091 + i), instances.get(i).address());
    }
    nginx = NginxServer.start("load-balancer.conf", nginxPort, ports);
    slug = Sql.text(database, "SELECT slug FROM articles ORDER BY id LIMIT 1");
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.close();
    }
    instances.forEach(Instance::kill);
  }

  @Test
  @Order(1)
  @DisplayName("1 000 readers' views through nginx count 1 000, each stored once by the instance that answered it; their reloads count nothing")
  void thousandViewsCountedExactly(Vertx vertx) {
    awaitFlushed(vertx, instances);
    Stored before = Stored.now();
    List<Integer> thousand = newReaders(1_000);
    List<Answer> answers = view(vertx, thousand);
    assertThat(answers).as("answers through nginx").extracting(Answer::status).containsOnly(200);

    awaitFlushed(vertx, instances);
    Stored after = Stored.now();
    assertThat(after.site() - before.site()).as("views stored in PostgreSQL").isEqualTo(1_000);
    for (Instance instance : instances) {
      long answered = answers.stream().filter(a -> a.answeredBy(instance)).count();
      assertThat(answered).as("views %s answered: nginx spreads readers over every instance", instance).isPositive();
      assertThat(after.of(instance) - before.of(instance)).as("views %s stored", instance).isEqualTo(answered);
    }

    // A reload goes where the reader's view went, and that instance knows it is no new view.
    List<Answer> reloads = view(vertx, thousand.subList(0, 100));
    assertThat(reloads).extracting(Answer::status).containsOnly(200);
    assertThat(reloads).extracting(Answer::answeredBy).as("the instance that answered each reload")
        .isEqualTo(answers.subList(0, 100).stream().map(Answer::answeredBy).toList());
    awaitFlushed(vertx, instances);
    assertThat(Stored.now().site()).as("views stored after 100 reloads").isEqualTo(after.site());
  }

  @Test
  @Order(2)
  @NeedsBrowser
  @DisplayName("Pages on all three see a view within 2 s; one instance killed with SIGKILL: its pages reconnect through nginx within 5 s, "
      + "Đang online is right again within 10 s, and every view the others answered is stored once")
  void losingAnInstance(Vertx vertx) {
    HeadlessChromium.clearArtifacts(ARTIFACTS);
    Instance doomed = instances.get(2);
    List<Instance> survivors = instances.subList(0, 2);
    // Four readers (127.0.0.1 and a User-Agent each): one on each survivor, two on the instance to be killed.
    List<String> userAgents = userAgentsLandingOn(vertx, List.of(instances.get(0), instances.get(1), doomed, doomed));
    String articleUrl = nginx.origin() + "/articles/" + slug;
    List<HeadlessChromium> browsers = new ArrayList<>();
    try {
      for (String userAgent : userAgents) {
        HeadlessChromium browser = HeadlessChromium.start("reader-" + (browsers.size() + 1), userAgent, ARTIFACTS);
        browsers.add(browser);
        browser.open(articleUrl);
        browser.markPage();
      }
      HeadlessChromium[] pages = browsers.toArray(HeadlessChromium[]::new);
      await("each page's live socket on its reader's instance").atMost(HeadlessChromium.SETTLE).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(liveSockets(vertx, instances)).as("live sockets on A, B, C").containsExactly(1L, 1L, 2L));

      awaitShown(System.nanoTime(), HeadlessChromium.SETTLE, shown(vertx, 0, Map.of("online", 4L)),
          "every page shows the stored numbers and the four readers with a page open", pages);
      Map<String, Long> oneMore = shown(vertx, 1, Map.of());
      long viewed = System.nanoTime();
      assertThat(view(vertx, newReaders(1))).extracting(Answer::status).containsOnly(200);
      awaitShown(viewed, VIEW_REACHES_PAGES, oneMore, "a view through nginx, on the pages of all three instances", pages);

      awaitFlushed(vertx, instances);
      Stored before = Stored.now();
      Traffic traffic = Traffic.start(vertx, 30, 10);
      await("views under way").atMost(Duration.ofSeconds(30)).until(() -> traffic.wavesAnswered() >= 10);
      long killedAt = System.nanoTime();
      doomed.kill();

      await("the killed instance's pages reconnected through nginx to the others").atMost(left(killedAt, PAGES_RECONNECT))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(liveSockets(vertx, survivors).stream().mapToLong(Long::longValue).sum())
              .as("live sockets on A and B").isEqualTo(4));
      System.out.printf("pages reconnected %d ms after SIGKILL%n", Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
      awaitShown(killedAt, ONLINE_RECOVERS, Map.of("online", 4L), "Đang online back to the four readers with a page open", pages);
      holdsFor(Duration.ofSeconds(2), "Đang online stays at four", () -> assertShown(Map.of("online", 4L), "Đang online stays at four", pages));
      List<Answer> answers = traffic.answers();

      awaitFlushed(vertx, survivors);
      Stored after = Stored.now();
      assertThat(answers).as("answers through nginx while an instance died").extracting(Answer::status).containsOnly(200);
      for (Instance survivor : survivors) {
        assertThat(after.of(survivor) - before.of(survivor)).as("views %s stored", survivor)
            .isEqualTo(answers.stream().filter(a -> a.answeredBy(survivor)).count());
      }
      long answeredByDoomed = answers.stream().filter(a -> a.answeredBy(doomed)).count();
      long lastFlushOfDoomed = answers.stream().filter(a -> a.answeredBy(doomed) && a.atNanos() > killedAt - LAST_FLUSH.toNanos()).count();
      long storedByDoomed = after.of(doomed) - before.of(doomed);
      System.out.printf("%d views answered while C was killed: %d by C (%d stored), %d passed on from C to another%n",
          answers.size(), answeredByDoomed, storedByDoomed, answers.stream().filter(a -> a.tried().size() > 1).count());
      assertThat(storedByDoomed).as("views C stored, of the %d it answered", answeredByDoomed)
          .isBetween(answeredByDoomed - lastFlushOfDoomed, answeredByDoomed);
      assertThat(after.site() - before.site()).as("views stored in all").isEqualTo(instances.stream().mapToLong(i -> after.of(i) - before.of(i)).sum());

      // The pages that reconnected are live, and were never reloaded.
      oneMore = shown(vertx, 1, Map.of());
      viewed = System.nanoTime();
      assertThat(view(vertx, newReaders(1))).extracting(Answer::status).containsOnly(200);
      awaitShown(viewed, VIEW_REACHES_PAGES, oneMore, "a view through nginx, on every page, reconnected or not", pages);
      browsers.forEach(browser -> browser.assertNotReloaded(articleUrl));
    } finally {
      for (HeadlessChromium browser : browsers) {
        browser.saveArtifacts("end");
        browser.close();
      }
    }
  }

  /**
   * What every page must show once {@code more} views are counted on top of what PostgreSQL holds when
   * every instance has committed its views: the article's Lượt xem and the site's Tất cả.
   */
  private static Map<String, Long> shown(Vertx vertx, long more, Map<String, Long> also) {
    awaitFlushed(vertx, instances.stream().filter(Instance::alive).toList());
    Map<String, Long> expected = new LinkedHashMap<>(also);
    expected.put("views", more + Sql.scalar(database, """
        SELECT p.legacy_views + coalesce(t.views, 0) FROM pages p LEFT JOIN page_total_views t ON t.page_id = p.id
        WHERE p.path = '/articles/' || ?""", slug));
    expected.put("total", more + Sql.siteLegacyViews(database) + Stored.now().site());
    return expected;
  }

  /** One new reader after another, each with an address of its own. */
  private static List<Integer> newReaders(int count) {
    int first = readers.getAndAdd(count) + 1;
    return IntStream.range(first, first + count).boxed().toList();
  }

  /** Each of {@code who} asks nginx for the article, {@link #AT_ONCE} at a time; the answers in the same order. */
  private static List<Answer> view(Vertx vertx, List<Integer> who) {
    List<Answer> answers = new ArrayList<>();
    for (int from = 0; from < who.size(); from += AT_ONCE) {
      List<Future<Answer>> wave = who.subList(from, Math.min(who.size(), from + AT_ONCE)).stream().map(n -> view(vertx, n)).toList();
      answers.addAll(Future.all(wave).await().list());
    }
    return answers;
  }

  private static Future<Answer> view(Vertx vertx, int reader) {
    Reader browser = Reader.connectingFrom(vertx, nginxPort, Reader.loopbackVisitor(reader));
    return browser.get("/articles/" + slug, FORGED).map(Answer::of).otherwise(Answer::failed).onComplete(done -> browser.close());
  }

  /**
   * User-Agents that nginx's hash sends from 127.0.0.1, the browsers' address, to each of
   * {@code wanted} in turn: which instance answers is what {@code X-Upstream} tells this machine.
   */
  private static List<String> userAgentsLandingOn(Vertx vertx, List<Instance> wanted) {
    String[] found = new String[wanted.size()];
    try (Reader probe = new Reader(vertx, nginxPort)) {
      for (int k = 0; Arrays.asList(found).contains(null); k++) {
        assertThat(k).as("User-Agents tried for %s", wanted).isLessThan(500);
        String userAgent = Reader.BROWSER + " reader/" + k;
        Answer answer = Answer.of(probe.request(HttpMethod.GET, "/api/stats", null,
            MultiMap.caseInsensitiveMultiMap().add("User-Agent", userAgent)).await());
        for (int i = 0; i < found.length; i++) {
          if (found[i] == null && answer.answeredBy(wanted.get(i))) {
            found[i] = userAgent;
            break;
          }
        }
      }
    }
    return List.of(found);
  }

  private static List<Long> liveSockets(Vertx vertx, List<Instance> which) {
    return which.stream().map(i -> (long) i.metrics(vertx).value("pulse_live_sockets")).toList();
  }

  /** Waits until every view the instances counted is committed. */
  private static void awaitFlushed(Vertx vertx, List<Instance> which) {
    await("every counted view committed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      for (Instance instance : which) {
        assertThat(instance.metrics(vertx).value("pulse_views_buffered")).as("views %s has not committed yet", instance).isZero();
      }
    });
  }

  /** An instance as an operator runs it behind nginx: a JVM of its own, its readers' port, an ops port. */
  private record Instance(String name, ServerProcess server, int opsPort) {
    static Instance start(String name, String databaseUrl) throws IOException {
      Map<String, String> settings = PulseTestServer.defaults(databaseUrl);
      int opsPort = PulseTestServer.withOpsPort(settings);
      settings.put(PulseConfig.TRUSTED_PROXIES, "127.0.0.1"); // nginx, and nothing else
      settings.put(PulseConfig.ONLINE_WINDOW, "1"); // online is then who has a page open
      return new Instance(name, ServerProcess.start(settings), opsPort);
    }

    String address() {
      return "127.0.0.1:" + server.port();
    }

    ScrapedMetrics metrics(Vertx vertx) {
      return ScrapedMetrics.scrape(vertx, opsPort);
    }

    /** The views its flushes committed: each row of flush_batches names its instance "pid-random". */
    long storedViews() {
      return Sql.scalar(database, "SELECT coalesce(sum(views), 0) FROM flush_batches WHERE instance LIKE ?", server.process().pid() + "-%");
    }

    boolean alive() {
      return server.process().isAlive();
    }

    /** SIGKILL (what destroyForcibly sends on Linux): no shutdown hook runs, nothing is flushed. */
    void kill() {
      try {
        server.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Views stored in PostgreSQL: the site's, and each instance's. */
  private record Stored(long site, Map<Instance, Long> byInstance) {
    static Stored now() {
      Map<Instance, Long> byInstance = new LinkedHashMap<>();
      instances.forEach(i -> byInstance.put(i, i.storedViews()));
      return new Stored(Sql.scalar(database, "SELECT views FROM site_total_views"), byInstance);
    }

    long of(Instance instance) {
      return byInstance.get(instance);
    }
  }

  /** nginx's answer to one request: its status, the instances it tried (the last one answered), and when it came. */
  private record Answer(int status, List<String> tried, long atNanos) {
    static Answer of(HttpResponse<Buffer> response) {
      String upstream = response.getHeader("X-Upstream");
      List<String> tried = upstream == null ? List.of() : Arrays.stream(upstream.split(",")).map(String::strip).toList();
      return new Answer(response.statusCode(), tried, System.nanoTime());
    }

    static Answer failed(Throwable error) {
      return new Answer(-1, List.of(), System.nanoTime());
    }

    String answeredBy() {
      return tried.isEmpty() ? null : tried.get(tried.size() - 1);
    }

    boolean answeredBy(Instance instance) {
      return status == 200 && instance.address().equals(answeredBy());
    }
  }

  /** New readers' views through nginx in the background, wave after wave, while the test does what it must. */
  private static final class Traffic {
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger wavesAnswered = new AtomicInteger();
    private CompletableFuture<Void> running;

    static Traffic start(Vertx vertx, int waves, int perWave) {
      Traffic traffic = new Traffic();
      traffic.running = CompletableFuture.runAsync(() -> {
        for (int w = 0; w < waves; w++) {
          traffic.answers.addAll(view(vertx, newReaders(perWave)));
          traffic.wavesAnswered.incrementAndGet();
        }
      });
      return traffic;
    }

    int wavesAnswered() {
      return wavesAnswered.get();
    }

    /** Every answer, once the last wave has been answered. */
    List<Answer> answers() {
      running.orTimeout(60, TimeUnit.SECONDS).join();
      return Collections.unmodifiableList(answers);
    }
  }
}
