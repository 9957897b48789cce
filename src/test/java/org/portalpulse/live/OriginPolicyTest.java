package org.portalpulse.live;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.portalpulse.config.AllowedOrigin;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Only the site's own pages, or the configured origins, may open a live socket")
class OriginPolicyTest {

  @Test
  @DisplayName("by default the Origin must name the Host the browser asked for, default ports or not")
  void sameOriginByDefault() {
    OriginPolicy policy = new OriginPolicy(List.of(), List.of());
    assertThat(policy.allows("https://news.example.vn", host("news.example.vn"))).isTrue();
    assertThat(policy.allows("https://NEWS.example.vn:443", host("news.example.vn"))).isTrue();
    assertThat(policy.allows("http://news.example.vn:8080", host("news.example.vn:8080"))).isTrue();
    assertThat(policy.allows("https://evil.example", host("news.example.vn"))).isFalse();
    assertThat(policy.allows("https://news.example.vn.evil.example", host("news.example.vn"))).isFalse();
    assertThat(policy.allows("null", host("news.example.vn"))).isFalse();
    assertThat(policy.allows(null, host("news.example.vn"))).isFalse();
    assertThat(policy.allows("https://news.example.vn", null)).isFalse();
    assertThat(policy.allows("file://news.example.vn", host("news.example.vn"))).isFalse();
  }

  @Test
  @DisplayName("a configured origin with its default port written out matches the browser's spelling")
  void configuredOrigins() {
    OriginPolicy policy = new OriginPolicy(List.of(AllowedOrigin.normalise("https://news.example.vn:443").orElseThrow()), List.of());
    assertThat(policy.allows("https://news.example.vn", host("pulse.internal:8080"))).isTrue();
    assertThat(policy.allows("http://news.example.vn", host("pulse.internal:8080"))).isFalse();
    assertThat(policy.allows("https://pulse.internal:8080", host("pulse.internal:8080"))).as("only the list, then").isFalse();
  }

  @Test
  @DisplayName("a portal listed in PULSE_EMBED_ORIGINS may open sockets, with or without a list of its own")
  void embeddingOrigins() {
    String portal = AllowedOrigin.normalise("https://www.portal.example.vn").orElseThrow();
    OriginPolicy sameSite = new OriginPolicy(List.of(), List.of(portal));
    assertThat(sameSite.allows("https://www.portal.example.vn", host("pulse.example.vn"))).isTrue();
    assertThat(sameSite.allows("https://pulse.example.vn", host("pulse.example.vn"))).as("the site itself still").isTrue();
    assertThat(sameSite.allows("https://m.portal.example.vn", host("pulse.example.vn"))).isFalse();
    OriginPolicy listed = new OriginPolicy(List.of(AllowedOrigin.normalise("https://news.example.vn").orElseThrow()), List.of(portal));
    assertThat(listed.allows("https://www.portal.example.vn", host("pulse.example.vn"))).isTrue();
    assertThat(listed.allows("https://news.example.vn", host("pulse.example.vn"))).isTrue();
  }

  private static HostAndPort host(String authority) {
    return HostAndPort.parseAuthority(authority, -1);
  }
}
