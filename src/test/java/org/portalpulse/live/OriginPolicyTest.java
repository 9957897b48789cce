package org.portalpulse.live;

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
    OriginPolicy policy = new OriginPolicy(List.of());
    assertThat(policy.allows("https://news.example.vn", "news.example.vn")).isTrue();
    assertThat(policy.allows("https://NEWS.example.vn:443", "news.example.vn")).isTrue();
    assertThat(policy.allows("http://news.example.vn:8080", "news.example.vn:8080")).isTrue();
    assertThat(policy.allows("https://evil.example", "news.example.vn")).isFalse();
    assertThat(policy.allows("https://news.example.vn.evil.example", "news.example.vn")).isFalse();
    assertThat(policy.allows("null", "news.example.vn")).isFalse();
    assertThat(policy.allows(null, "news.example.vn")).isFalse();
    assertThat(policy.allows("https://news.example.vn", null)).isFalse();
    assertThat(policy.allows("file://news.example.vn", "news.example.vn")).isFalse();
  }

  @Test
  @DisplayName("a configured origin with its default port written out matches the browser's spelling")
  void configuredOrigins() {
    OriginPolicy policy = new OriginPolicy(List.of(AllowedOrigin.normalise("https://news.example.vn:443").orElseThrow()));
    assertThat(policy.allows("https://news.example.vn", "pulse.internal:8080")).isTrue();
    assertThat(policy.allows("http://news.example.vn", "pulse.internal:8080")).isFalse();
    assertThat(policy.allows("https://pulse.internal:8080", "pulse.internal:8080")).as("only the list, then").isFalse();
  }
}
