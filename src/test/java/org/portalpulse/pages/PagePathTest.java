package org.portalpulse.pages;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A page's identity: one spelling for every way an address is written")
class PagePathTest {
  private static final Set<String> ALL = Set.of();

  @Test
  @DisplayName("A full URL loses its scheme, host and fragment")
  void fullUrl() {
    assertThat(page("https://www.example.gov.vn/tin-tuc/abc?id=5&utm_source=x#top")).isEqualTo("/tin-tuc/abc?id=5");
    assertThat(page("HTTP://User@WWW.Example.gov.vn:8080/Tin-Tuc")).isEqualTo("/Tin-Tuc");
    assertThat(page("https://www.example.gov.vn")).isEqualTo("/");
    assertThat(page("https://www.example.gov.vn?id=5")).isEqualTo("/?id=5");
    assertThat(page("https://www.example.gov.vn#top")).isEqualTo("/");
  }

  @Test
  @DisplayName("A path with its query is kept as written, fragment dropped")
  void pathWithQuery() {
    assertThat(page("/tin-tuc/abc?id=5")).isEqualTo("/tin-tuc/abc?id=5");
    assertThat(page("/tin-tuc/abc#binh-luan")).isEqualTo("/tin-tuc/abc");
    assertThat(page("/tin-tuc/abc?id=5#top?x=1")).isEqualTo("/tin-tuc/abc?id=5");
    assertThat(page("/a%23b")).as("an escaped # is data, not a fragment").isEqualTo("/a%23b");
  }

  @Test
  @DisplayName("Anything but a path starting with / or an http(s) URL is refused")
  void notAPath() {
    for (String raw : new String[] {null, "", "tin-tuc/abc", " /tin-tuc", "?id=5", "ftp://example.gov.vn/a",
        "javascript:alert(1)", "https://", "https:///a"}) {
      PagePath.Parsed parsed = PagePath.parse(raw, ALL);
      assertThat(parsed.isPage()).as("%s", raw).isFalse();
      assertThat(parsed.rejection()).as("%s", raw).isEqualTo(PagePath.Rejection.NOT_A_PATH);
    }
    assertThat(page("//")).as("a path of two slashes is a path, as location.pathname may be").isEqualTo("//");
  }

  @Test
  @DisplayName("Tracking parameters are dropped, whatever the case of their names")
  void trackingParameters() {
    assertThat(page("/a?utm_source=zalo&id=5&UTM_Medium=social&fbclid=IwAR0&GCLID=Cj0&Zarsrc=30&utm_campaign="))
        .isEqualTo("/a?id=5");
    assertThat(page("/a?utm%5Fsource=x&id=5")).as("a name is recognised once its escapes are normalised").isEqualTo("/a?id=5");
    assertThat(page("/a?utm=1&utmx=2&fbclid2=3&my_gclid=4")).as("only those names, and utm_ as a prefix")
        .isEqualTo("/a?utm=1&utmx=2&fbclid2=3&my_gclid=4");
  }

  @Test
  @DisplayName("Junk in a dropped parameter does not refuse the page")
  void junkInDroppedParameter() {
    assertThat(page("/a?utm_content=giam-50%&id=5")).isEqualTo("/a?id=5");
    assertThat(PagePath.parse("/a?x=%zz&id=5", Set.of("id")).page().value()).isEqualTo("/a?id=5");
  }

  @Test
  @DisplayName("An empty ? and empty parameters are dropped; order and repeats are kept")
  void emptyQuery() {
    assertThat(page("/a?")).isEqualTo("/a");
    assertThat(page("/a?utm_source=x")).isEqualTo("/a");
    assertThat(page("/a?&&id=5&&cat=2&")).isEqualTo("/a?id=5&cat=2");
    assertThat(page("/a?cat=2&id=5&cat=1")).isEqualTo("/a?cat=2&id=5&cat=1");
    assertThat(page("/a?id=&flag")).as("an empty value and a bare name are kept as given").isEqualTo("/a?id=&flag");
  }

  @Test
  @DisplayName("With significant parameters, only those are kept, matched case-sensitively")
  void significantParameters() {
    Set<String> significant = Set.of("id", "cat");
    assertThat(PagePath.parse("/a?page=2&cat=3&ID=7&id=5&utm_source=x", significant).page().value()).isEqualTo("/a?cat=3&id=5");
    assertThat(PagePath.parse("/a?page=2", significant).page().value()).isEqualTo("/a");
    assertThat(PagePath.parse("/a?%69d=5", significant).page().value()).as("compared by normalised name").isEqualTo("/a?id=5");
  }

  @Test
  @DisplayName("Escaped, raw and lower-case-escaped Vietnamese are one page")
  void vietnameseSpellings() {
    assertThat(page("/tin-t%E1%BB%A9c")).isEqualTo("/tin-t%E1%BB%A9c");
    assertThat(page("/tin-tức")).isEqualTo("/tin-t%E1%BB%A9c");
    assertThat(page("/tin-t%e1%bb%a9c")).isEqualTo("/tin-t%E1%BB%A9c");
    assertThat(PagePath.parse("/tin-tức", ALL).page()).isEqualTo(PagePath.parse("/tin-t%e1%bb%a9c", ALL).page())
        .hasSameHashCodeAs(PagePath.parse("https://x.gov.vn/tin-t%E1%BB%A9c", ALL).page());
    assertThat(page("/a?q=Hà Nội")).isEqualTo("/a?q=H%C3%A0%20N%E1%BB%99i");
    assertThat(page("/😀")).as("outside the BMP").isEqualTo("/%F0%9F%98%80");
  }

  @Test
  @DisplayName("Escapes of unreserved characters are decoded; other escapes stay, in upper case")
  void escapes() {
    assertThat(page("/%41%62%2D%2e%5F%7e%31")).isEqualTo("/Ab-._~1");
    assertThat(page("/a%2fb%3Fc%26d%3d%25")).as("escaped separators are data").isEqualTo("/a%2Fb%3Fc%26d%3D%25");
    assertThat(page("/a?x=%2b%26")).isEqualTo("/a?x=%2B%26");
    assertThat(page("/a+b?x=a+b")).as("+ is not a space").isEqualTo("/a+b?x=a+b");
    assertThat(page("/a%ff%C0%AF")).as("escapes need not be UTF-8 and are never decoded into /").isEqualTo("/a%FF%C0%AF");
  }

  @Test
  @DisplayName("Raw characters a URL may not hold are escaped, backslash included")
  void rawCharactersEscaped() {
    assertThat(page("/a b")).isEqualTo("/a%20b").isEqualTo(page("/a%20b"));
    assertThat(page("/a\\b")).isEqualTo("/a%5Cb");
    assertThat(page("/x\"<>[]^`{|}")).isEqualTo("/x%22%3C%3E%5B%5D%5E%60%7B%7C%7D");
    assertThat(page("/a:b@c!$'()*+,;=?x=/?:@")).as("reserved characters stay raw").isEqualTo("/a:b@c!$'()*+,;=?x=/?:@");
  }

  @Test
  @DisplayName("Nothing else is collapsed: case and trailing slashes are the page's own")
  void nothingElseCollapsed() {
    assertThat(page("/Tin-Tuc/ABC")).isEqualTo("/Tin-Tuc/ABC");
    assertThat(page("/tin-tuc/")).isEqualTo("/tin-tuc/");
    assertThat(page("/tin-tuc//abc")).isEqualTo("/tin-tuc//abc");
    assertThat(page("/a?Q=Ha%20Noi")).isEqualTo("/a?Q=Ha%20Noi");
  }

  @Test
  @DisplayName("Malformed escapes are refused")
  void malformedEscapes() {
    for (String raw : List.of("/giam-gia-50%", "/a%2", "/a%zz", "/a%%41", "/a%4g", "/a%１２", "/a?id=%E1%BB%A")) {
      assertThat(PagePath.parse(raw, ALL).rejection()).as("%s", raw).isEqualTo(PagePath.Rejection.MALFORMED_ESCAPE);
    }
  }

  @Test
  @DisplayName("Raw control characters and broken surrogate pairs are refused; escaped ones are data")
  void controlCharacters() {
    for (String raw : List.of("/a\nb", "/a\tb", "/a\u0000", "/a\u007F", "/a\u0085", "/a?x=\r", "/a\uD83D", "/a\uDE00b")) {
      assertThat(PagePath.parse(raw, ALL).rejection()).as("%s", raw).isEqualTo(PagePath.Rejection.FORBIDDEN_CHARACTER);
    }
    assertThat(page("/a%0Ab%00")).isEqualTo("/a%0Ab%00");
  }

  @Test
  @DisplayName("Dot segments are resolved, escaped ones too, and never climb above /")
  void dotSegments() {
    assertThat(page("/a/b/../c")).isEqualTo("/a/c");
    assertThat(page("/a/./b/.")).isEqualTo("/a/b/");
    assertThat(page("/a/b/..")).isEqualTo("/a/");
    assertThat(page("/../../etc/passwd")).isEqualTo("/etc/passwd");
    assertThat(page("/a/%2E%2e/b")).isEqualTo("/b");
    assertThat(page("https://x.gov.vn/a/../..?id=5")).isEqualTo("/?id=5");
    assertThat(page("/a/..b/.c/...")).as("segments that only start with dots are names").isEqualTo("/a/..b/.c/...");
    assertThat(page("/a/..%2Fb")).as("an escaped slash does not end a segment").isEqualTo("/a/..%2Fb");
    assertThat(page("/a?next=../b")).as("the query is not a path").isEqualTo("/a?next=../b");
  }

  @Test
  @DisplayName("At most 512 bytes: 512 is a page, 513 is refused")
  void lengthBound() {
    assertThat(page(path512())).hasSize(512);
    assertThat(PagePath.parse(path512() + "a", ALL).rejection()).isEqualTo(PagePath.Rejection.TOO_LONG);

    String query512 = "/a?id=" + "5".repeat(506);
    assertThat(page(query512)).hasSize(512);
    assertThat(PagePath.parse(query512 + "5", ALL).rejection()).isEqualTo(PagePath.Rejection.TOO_LONG);
  }

  @Test
  @DisplayName("The bound counts the normalised bytes: a raw ư is 9, dropped parameters and %41 shrink")
  void lengthBoundAfterNormalising() {
    String path = "/" + "a".repeat(502) + "ứ";
    assertThat(page(path)).hasSize(512);
    assertThat(PagePath.parse("/a" + path.substring(1), ALL).rejection()).isEqualTo(PagePath.Rejection.TOO_LONG);

    assertThat(page("https://x.gov.vn" + path512() + "?utm_content=" + "x".repeat(2000) + "#" + "y".repeat(2000)))
        .isEqualTo(path512());
    assertThat(page("/" + "%61".repeat(511))).isEqualTo(path512());
  }

  @Test
  @DisplayName("A page's value parses to itself")
  void idempotent() {
    for (String raw : List.of("https://www.example.gov.vn/tin-tức/../abc/?id=5&utm_source=x&q=Hà Nội#top",
        "/a/%2e/b%2f..?x=%7e&&y", "//x/..//y?", "/a\\b c?z=[1]", "/%ff?%41=%c3%a0")) {
      String once = page(raw);
      assertThat(page(once)).as("%s", raw).isEqualTo(once);
    }
  }

  @Test
  @DisplayName("A path already in its one spelling is taken as it is, as the full rules would give it")
  void normalPathsAsTheFullRulesGiveThem() {
    // An empty query sends a path through every rule, which drop it: both spellings must be one page.
    Random random = new Random(13);
    String alphabet = "abcXYZ019-._~/";
    for (int n = 0; n < 10_000; n++) {
      StringBuilder raw = new StringBuilder("/");
      for (int i = random.nextInt(12); i > 0; i--) {
        raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(page(raw.toString())).as("%s", raw).isEqualTo(page(raw + "?"));
    }
  }

  @Test
  @DisplayName("Every rejection has a message a person can act on")
  void messages() {
    for (PagePath.Rejection rejection : PagePath.Rejection.values()) {
      assertThat(rejection.message()).startsWith("The page");
    }
    assertThat(PagePath.Rejection.TOO_LONG.message()).contains("512 bytes");
  }

  private static String path512() {
    return "/" + "a".repeat(511);
  }

  private static String page(String raw) {
    PagePath.Parsed parsed = PagePath.parse(raw, ALL);
    assertThat(parsed.rejection()).as("%s", raw).isNull();
    return parsed.page().value();
  }
}
