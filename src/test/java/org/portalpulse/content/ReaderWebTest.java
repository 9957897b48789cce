package org.portalpulse.content;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portalpulse.content.ReaderWebArticles.NEWEST;
import static org.portalpulse.content.ReaderWebArticles.TRICKY_SLUG;
import static org.portalpulse.content.ReaderWebArticles.TRICKY_SUMMARY;
import static org.portalpulse.content.ReaderWebArticles.TRICKY_SUMMARY_IN_XML;
import static org.portalpulse.content.ReaderWebArticles.TRICKY_TITLE;

@ExtendWith(VertxExtension.class)
@DisplayName("Reader web basics: what link previews, search engines and feed readers are given")
class ReaderWebTest {
  private static final String SITE_NAME = "Cổng thông tin điện tử tỉnh Hòa An";
  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9";
  private static final String READER = "203.0.113.40";

  private static String databaseUrl;
  private static RunningServer server;
  private static String origin;

  @BeforeAll
  static void start(Vertx vertx) {
    databaseUrl = ReaderWebArticles.database();
    server = RunningServer.start(vertx, PulseTestServer.defaults(databaseUrl), Clock.systemUTC());
    origin = "http://127.0.0.1:" + server.app().config().httpPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("An article: description, canonical link and Open Graph from its title and summary, escaped and read back intact")
  void articleHead() {
    String html = page(server, "/articles/" + TRICKY_SLUG, Map.of());
    Document doc = Jsoup.parse(html);
    String url = origin + "/articles/" + TRICKY_SLUG;

    assertThat(doc.title()).isEqualTo(TRICKY_TITLE + " | Cổng thông tin tỉnh Hòa An");
    assertThat(meta(doc, "name", "description")).isEqualTo(TRICKY_SUMMARY);
    assertThat(doc.select("link[rel=canonical]")).hasSize(1);
    assertThat(doc.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(url);
    assertThat(meta(doc, "property", "og:title")).isEqualTo(TRICKY_TITLE);
    assertThat(meta(doc, "property", "og:description")).isEqualTo(TRICKY_SUMMARY);
    assertThat(meta(doc, "property", "og:type")).isEqualTo("article");
    assertThat(meta(doc, "property", "og:url")).isEqualTo(url);
    assertThat(meta(doc, "property", "og:site_name")).isEqualTo(SITE_NAME);
    assertThat(meta(doc, "property", "og:locale")).isEqualTo("vi_VN");
    assertThat(doc.select("meta[property=\"og:image\"]")).as("og:image of an article without an image").isEmpty();

    // Read back intact, and never as markup: nothing of the title became an element or ended one.
    assertThat(html).doesNotContain("<b>\"vàng\"</b>").doesNotContain("<script>alert(1)").doesNotContain("<i>thẻ</i>");
    assertThat(doc.select("b, i").eachText()).as("elements made of the title or summary").doesNotContain("\"vàng\"", "thẻ");
    assertThat(doc.select("script")).as("the JSON-LD and the live script, nothing more").hasSize(2);
    assertThat(doc.select("script").stream().map(s -> s.attr("type")).toList()).containsExactly("application/ld+json", "");
  }

  @Test
  @DisplayName("An article's JSON-LD is a NewsArticle that parses as JSON, with '<', U+2028 and U+2029 escaped inside it")
  void articleStructuredData() {
    Document doc = Jsoup.parse(page(server, "/articles/" + TRICKY_SLUG, Map.of()));
    Element script = doc.selectFirst("script[type=\"application/ld+json\"]");
    assertThat(script).as("the JSON-LD script").isNotNull();
    String text = script.data();
    assertThat(text).doesNotContain("<").doesNotContain("\u2028").doesNotContain("\u2029").contains("\\u003c/script");

    JsonObject data = new JsonObject(text);
    String url = origin + "/articles/" + TRICKY_SLUG;
    assertThat(data.getString("@context")).isEqualTo("https://schema.org");
    assertThat(data.getString("@type")).isEqualTo("NewsArticle");
    assertThat(data.getString("headline")).isEqualTo(TRICKY_TITLE);
    assertThat(data.getString("description")).isEqualTo(TRICKY_SUMMARY);
    assertThat(data.getString("datePublished")).isEqualTo("2026-12-01T08:15:30+07:00");
    assertThat(OffsetDateTime.parse(data.getString("datePublished"))).isEqualTo(NEWEST);
    assertThat(data.getString("dateModified")).isEqualTo(data.getString("datePublished"));
    assertThat(data.getJsonObject("mainEntityOfPage").getString("@id")).isEqualTo(url);
    assertThat(data.getJsonObject("publisher").getString("@type")).isEqualTo("Organization");
    assertThat(data.getJsonObject("publisher").getString("name")).isEqualTo(SITE_NAME);
    assertThat(data.getJsonObject("publisher").getJsonObject("logo").getString("url")).isEqualTo(origin + "/assets/favicon.svg");
  }

  @Test
  @DisplayName("An article edited after publication and with an image: og:image, and the JSON-LD's image and dateModified")
  void editedArticleWithImage() {
    Document doc = Jsoup.parse(page(server, "/articles/" + ReaderWebArticles.plainSlug(ReaderWebArticles.EDITED), Map.of()));
    assertThat(meta(doc, "property", "og:image")).isEqualTo(ReaderWebArticles.EDITED_IMAGE);
    JsonObject data = new JsonObject(doc.selectFirst("script[type=\"application/ld+json\"]").data());
    assertThat(data.getString("image")).isEqualTo(ReaderWebArticles.EDITED_IMAGE);
    assertThat(OffsetDateTime.parse(data.getString("dateModified"))).isEqualTo(ReaderWebArticles.EDITED_AT);
    assertThat(OffsetDateTime.parse(data.getString("datePublished"))).isEqualTo(ReaderWebArticles.plainPublished(ReaderWebArticles.EDITED));
  }

  @Test
  @DisplayName("List pages: /?page=1 is canonically /, /?page=N is itself; a website in Open Graph with the site's description; no JSON-LD")
  void listPagesHead() {
    for (String path : List.of("/", "/?page=1")) {
      Document doc = Jsoup.parse(page(server, path, Map.of()));
      assertThat(doc.selectFirst("link[rel=canonical]").attr("href")).as("canonical of %s", path).isEqualTo(origin + "/");
      assertThat(meta(doc, "property", "og:url")).as("og:url of %s", path).isEqualTo(origin + "/");
      assertThat(meta(doc, "property", "og:type")).isEqualTo("website");
      assertThat(meta(doc, "property", "og:title")).isEqualTo(SITE_NAME);
      assertThat(meta(doc, "name", "description")).isEqualTo("Tin tức, thông báo và hoạt động mới nhất của tỉnh Hòa An.");
      assertThat(doc.select("script[type=\"application/ld+json\"]")).isEmpty();
    }
    for (String page : List.of("2", "3")) {
      Document doc = Jsoup.parse(page(server, "/?page=" + page, Map.of()));
      assertThat(doc.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(origin + "/?page=" + page);
      assertThat(meta(doc, "property", "og:url")).isEqualTo(origin + "/?page=" + page);
    }
  }

  @Test
  @DisplayName("Every page names the feed and the favicon, the 404 page too")
  void feedAndIconOnEveryPage() {
    for (String path : List.of("/", "/?page=2", "/articles/" + TRICKY_SLUG, "/articles/" + ReaderWebArticles.plainSlug(3), "/no/such/page")) {
      HttpResponse<Buffer> answer = get(server, path, Map.of());
      Document doc = Jsoup.parse(answer.bodyAsString());
      Element feed = doc.selectFirst("link[rel=alternate][type=\"application/rss+xml\"]");
      assertThat(feed).as("the feed link of %s", path).isNotNull();
      assertThat(feed.attr("href")).isEqualTo("/rss.xml");
      assertThat(doc.select("link[rel=icon]").eachAttr("href")).as("icons of %s", path)
          .hasSize(2).first().isEqualTo("/favicon.ico");
      assertThat(doc.select("link[rel=icon]").eachAttr("href").get(1)).as("the SVG icon, by its hashed name").matches("/assets/favicon\\.[0-9a-f]{8}\\.svg");
    }
  }

  @Test
  @DisplayName("/rss.xml: RSS 2.0 that an XML parser reads, the newest 20 articles first, titles and summaries as written, RFC 822 dates")
  void rssFeed() throws Exception {
    HttpResponse<Buffer> answer = fetched("/rss.xml", "application/rss+xml; charset=utf-8");
    org.w3c.dom.Document feed = xml(answer);

    org.w3c.dom.Element rss = feed.getDocumentElement();
    assertThat(rss.getTagName()).isEqualTo("rss");
    assertThat(rss.getAttribute("version")).isEqualTo("2.0");
    org.w3c.dom.Element channel = only(rss.getElementsByTagName("channel"));
    assertThat(childText(channel, "title")).isEqualTo(SITE_NAME);
    assertThat(childText(channel, "link")).isEqualTo(origin + "/");
    assertThat(childText(channel, "language")).isEqualTo("vi");
    org.w3c.dom.Element self = only(channel.getElementsByTagNameNS(ATOM, "link"));
    assertThat(self.getAttribute("href")).isEqualTo(origin + "/rss.xml");
    assertThat(self.getAttribute("rel")).isEqualTo("self");
    assertThat(self.getAttribute("type")).isEqualTo("application/rss+xml");

    List<org.w3c.dom.Element> items = elements(channel.getElementsByTagName("item"));
    assertThat(items).hasSize(20);
    org.w3c.dom.Element newest = items.get(0);
    assertThat(childText(newest, "title")).isEqualTo(TRICKY_TITLE);
    assertThat(childText(newest, "description")).isEqualTo(TRICKY_SUMMARY_IN_XML);
    assertThat(childText(newest, "link")).isEqualTo(origin + "/articles/" + TRICKY_SLUG);
    assertThat(childText(newest, "guid")).isEqualTo(origin + "/articles/" + TRICKY_SLUG);
    assertThat(rfc822(childText(newest, "pubDate"))).isEqualTo(NEWEST.toInstant());
    assertThat(rfc822(childText(channel, "lastBuildDate"))).isEqualTo(NEWEST.toInstant());
    for (int i = 1; i < items.size(); i++) {
      assertThat(childText(items.get(i), "title")).isEqualTo("Bài số " + (i - 1));
      assertThat(rfc822(childText(items.get(i), "pubDate"))).isEqualTo(ReaderWebArticles.plainPublished(i - 1).toInstant());
    }
    assertThat(answer.bodyAsString()).as("the raw feed").contains("&lt;b&gt;").doesNotContain("<b>");
  }

  @Test
  @DisplayName("/sitemap.xml: the home page and every published article, each with its last modification")
  void sitemap() throws Exception {
    HttpResponse<Buffer> answer = fetched("/sitemap.xml", "application/xml; charset=utf-8");
    org.w3c.dom.Document sitemap = xml(answer);
    assertThat(sitemap.getDocumentElement().getLocalName()).isEqualTo("urlset");
    assertThat(sitemap.getDocumentElement().getNamespaceURI()).isEqualTo(SITEMAPS);

    List<org.w3c.dom.Element> urls = elements(sitemap.getElementsByTagNameNS(SITEMAPS, "url"));
    List<String> locations = urls.stream().map(url -> childText(url, "loc")).toList();
    List<String> expected = new ArrayList<>(List.of(origin + "/", origin + "/articles/" + TRICKY_SLUG));
    for (int i = 0; i < ReaderWebArticles.PLAIN; i++) {
      expected.add(origin + "/articles/" + ReaderWebArticles.plainSlug(i));
    }
    assertThat(locations).containsExactlyElementsOf(expected);
    assertThat(OffsetDateTime.parse(childText(urls.get(0), "lastmod"))).as("the home page's lastmod: the last edit of any article")
        .isEqualTo(ReaderWebArticles.EDITED_AT);
    assertThat(OffsetDateTime.parse(childText(urls.get(1), "lastmod"))).isEqualTo(NEWEST);
    for (int i = 0; i < ReaderWebArticles.PLAIN; i++) {
      assertThat(OffsetDateTime.parse(childText(urls.get(i + 2), "lastmod"))).isEqualTo(ReaderWebArticles.lastModified(i));
    }
  }

  @Test
  @DisplayName("/robots.txt names the sitemap and keeps crawlers out of /admin and /api/")
  void robots() {
    HttpResponse<Buffer> answer = fetched("/robots.txt", "text/plain; charset=utf-8");
    assertThat(answer.bodyAsString().lines()).contains("User-agent: *", "Disallow: /admin", "Disallow: /api/",
        "Sitemap: " + origin + "/sitemap.xml");
  }

  @Test
  @DisplayName("A real favicon: /favicon.ico is an ICO, /assets/favicon.svg an SVG")
  void favicon() {
    HttpResponse<Buffer> ico = get(server, "/favicon.ico", Map.of());
    assertThat(ico.statusCode()).isEqualTo(200);
    assertThat(ico.getHeader("Content-Type")).isEqualTo("image/x-icon");
    assertThat(ico.body().getBytes(0, 4)).as("the ICO header: reserved 0, type 1 (icon)").containsExactly(0, 0, 1, 0);
    assertThat(ico.body().length()).isGreaterThan(100);
    HttpResponse<Buffer> svg = get(server, "/assets/favicon.svg", Map.of());
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.getHeader("Content-Type")).startsWith("image/svg+xml");
    assertThat(svg.bodyAsString()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
  }

  @Test
  @DisplayName("The feed, sitemap, robots.txt and favicons are not page views; the home page, asked for next, is")
  void notPageViews() {
    long today = server.reader().siteStats().getLong("today");
    for (String path : List.of("/rss.xml", "/sitemap.xml", "/robots.txt", "/favicon.ico")) {
      assertThat(get(server, path, Map.of()).statusCode()).as("GET %s", path).isEqualTo(200);
      assertThat(server.reader().request(HttpMethod.HEAD, path, READER, browserHeaders(Map.of())).await().statusCode())
          .as("HEAD %s", path).isEqualTo(200);
    }
    assertThat(get(server, "/assets/favicon.svg", Map.of()).statusCode()).isEqualTo(200);
    assertThat(server.reader().siteStats().getLong("today")).as("views today after the feed and the rest").isEqualTo(today);
    // A visitor of this test's own: another test's view of / by READER would make this one a reload.
    assertThat(server.reader().get("/", "203.0.113.41").await().statusCode()).isEqualTo(200);
    assertThat(server.reader().siteStats().getLong("today")).as("views today after the home page").isEqualTo(today + 1);
  }

  @Test
  @DisplayName("Behind a trusted proxy, X-Forwarded-Proto: https makes every absolute address https")
  void schemeFromTrustedProxy() throws Exception {
    Map<String, String> https = Map.of("X-Forwarded-Proto", "https");
    String secure = "https://127.0.0.1:" + server.app().config().httpPort();
    // Asked for over http, then https, then http again: an article's head is made for the origin of each.
    for (Map<String, String> headers : List.of(Map.<String, String>of(), https, Map.<String, String>of())) {
      String expected = (headers.isEmpty() ? origin : secure) + "/articles/" + TRICKY_SLUG;
      Document doc = Jsoup.parse(page(server, "/articles/" + TRICKY_SLUG, headers));
      assertThat(doc.selectFirst("link[rel=canonical]").attr("href")).isEqualTo(expected);
      assertThat(meta(doc, "property", "og:url")).isEqualTo(expected);
      assertThat(new JsonObject(doc.selectFirst("script[type=\"application/ld+json\"]").data()).getString("url")).isEqualTo(expected);
    }
    org.w3c.dom.Element self = only(xml(get(server, "/rss.xml", https)).getElementsByTagNameNS(ATOM, "link"));
    assertThat(self.getAttribute("href")).isEqualTo(secure + "/rss.xml");
    assertThat(get(server, "/robots.txt", https).bodyAsString()).contains("Sitemap: " + secure + "/sitemap.xml");
  }

  @Test
  @DisplayName("From a client that is no trusted proxy, X-Forwarded-Proto is ignored")
  void schemeFromAnyoneElseIgnored(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(databaseUrl);
    settings.put(PulseConfig.TRUSTED_PROXIES, "");
    try (RunningServer untrusting = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      Document doc = Jsoup.parse(page(untrusting, "/", Map.of("X-Forwarded-Proto", "https")));
      assertThat(doc.selectFirst("link[rel=canonical]").attr("href"))
          .isEqualTo("http://127.0.0.1:" + untrusting.app().config().httpPort() + "/");
    }
  }

  @Test
  @DisplayName("With PULSE_PUBLIC_URL set, every absolute address is on it, whatever the request's Host and scheme")
  void configuredPublicUrl(Vertx vertx) throws Exception {
    Map<String, String> settings = PulseTestServer.defaults(databaseUrl);
    settings.put(PulseConfig.PUBLIC_URL, "https://News.Example.vn/");
    try (RunningServer configured = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      Map<String, String> http = Map.of("X-Forwarded-Proto", "http");
      Document doc = Jsoup.parse(page(configured, "/articles/" + TRICKY_SLUG, http));
      assertThat(doc.selectFirst("link[rel=canonical]").attr("href")).isEqualTo("https://news.example.vn/articles/" + TRICKY_SLUG);
      assertThat(meta(doc, "property", "og:url")).isEqualTo("https://news.example.vn/articles/" + TRICKY_SLUG);
      assertThat(new JsonObject(doc.selectFirst("script[type=\"application/ld+json\"]").data())
          .getJsonObject("mainEntityOfPage").getString("@id")).isEqualTo("https://news.example.vn/articles/" + TRICKY_SLUG);
      assertThat(Jsoup.parse(page(configured, "/?page=1", http)).selectFirst("link[rel=canonical]").attr("href"))
          .isEqualTo("https://news.example.vn/");
      org.w3c.dom.Document feed = xml(get(configured, "/rss.xml", http));
      assertThat(only(feed.getElementsByTagNameNS(ATOM, "link")).getAttribute("href")).isEqualTo("https://news.example.vn/rss.xml");
      assertThat(childText(elements(feed.getElementsByTagName("item")).get(0), "link"))
          .isEqualTo("https://news.example.vn/articles/" + TRICKY_SLUG);
      assertThat(childText(elements(xml(get(configured, "/sitemap.xml", http)).getElementsByTagNameNS(SITEMAPS, "url")).get(0), "loc"))
          .isEqualTo("https://news.example.vn/");
      assertThat(get(configured, "/robots.txt", http).bodyAsString()).contains("Sitemap: https://news.example.vn/sitemap.xml");
    }
  }

  /** A GET of {@code path} answered 200 with that type. */
  private static HttpResponse<Buffer> fetched(String path, String contentType) {
    HttpResponse<Buffer> answer = get(server, path, Map.of());
    assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(200);
    assertThat(answer.getHeader("Content-Type")).as("type of %s", path).isEqualTo(contentType);
    return answer;
  }

  private static String page(RunningServer on, String path, Map<String, String> headers) {
    HttpResponse<Buffer> answer = get(on, path, headers);
    assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(200);
    return answer.bodyAsString();
  }

  private static HttpResponse<Buffer> get(RunningServer on, String path, Map<String, String> headers) {
    return on.reader().request(HttpMethod.GET, path, READER, browserHeaders(headers)).await();
  }

  private static MultiMap browserHeaders(Map<String, String> headers) {
    return MultiMap.caseInsensitiveMultiMap().add("User-Agent", Reader.BROWSER).addAll(headers);
  }

  /** The content of the one {@code <meta>} with that name or property. */
  private static String meta(Document doc, String attribute, String value) {
    List<Element> found = doc.select("meta[" + attribute + "=\"" + value + "\"]");
    assertThat(found).as("<meta %s=\"%s\">", attribute, value).hasSize(1);
    return found.get(0).attr("content");
  }

  private static org.w3c.dom.Document xml(HttpResponse<Buffer> answer) throws ParserConfigurationException, IOException, SAXException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer.body().getBytes()));
  }

  private static java.time.Instant rfc822(String date) {
    return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  private static List<org.w3c.dom.Element> elements(NodeList nodes) {
    List<org.w3c.dom.Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((org.w3c.dom.Element) nodes.item(i));
    }
    return elements;
  }

  private static org.w3c.dom.Element only(NodeList nodes) {
    assertThat(nodes.getLength()).isEqualTo(1);
    return (org.w3c.dom.Element) nodes.item(0);
  }

  /** The text of the one child element named {@code name}, outside the Atom namespace (RSS has a link of each). */
  private static String childText(org.w3c.dom.Element parent, String name) {
    List<org.w3c.dom.Element> children = new ArrayList<>();
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof org.w3c.dom.Element e && name.equals(e.getLocalName()) && !ATOM.equals(e.getNamespaceURI())) {
        children.add(e);
      }
    }
    assertThat(children).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
    return children.get(0).getTextContent();
  }
}
