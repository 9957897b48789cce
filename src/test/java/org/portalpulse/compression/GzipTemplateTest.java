package org.portalpulse.compression;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A page written as gzip from runs deflated once and values stored between them")
class GzipTemplateTest {

  @Test
  @DisplayName("gunzipped, it is the runs and values as they are, for random runs, values and lengths")
  void gunzipsToTheSameText() {
    Random random = new Random(14);
    for (int round = 0; round < 300; round++) {
      List<byte[]> runs = new ArrayList<>();
      int count = 1 + random.nextInt(7);
      for (int i = 0; i < count; i++) {
        runs.add(text(random, random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(round % 10 == 0 ? 60_000 : 3_000)));
      }
      GzipTemplate template = new GzipTemplate(runs);
      for (int request = 0; request < 5; request++) {
        byte[][] values = new byte[count - 1][];
        for (int i = 0; i < values.length; i++) {
          values[i] = String.format("%,d", random.nextLong(random.nextBoolean() ? 10 : 100_000_000)).getBytes(StandardCharsets.UTF_8);
        }
        Buffer identity = template.identity(values);
        assertThat(gunzip(template.gzip(values))).as("round %d, request %d", round, request).isEqualTo(identity.getBytes());
      }
    }
  }

  @Test
  @DisplayName("a page of a few runs (two long, four short) is within a tenth of the page compressed whole, at each set of value lengths")
  void smallAsAWholePage() {
    Random random = new Random(7);
    List<byte[]> runs = new ArrayList<>();
    for (int run = 0; run < 6; run++) {
      runs.add(text(random, run == 0 || run == 5 ? 2_500 : 200));
    }
    GzipTemplate template = new GzipTemplate(runs);
    for (String value : List.of("7", "1.446", "12.143.077")) {
      byte[][] values = new byte[runs.size() - 1][];
      java.util.Arrays.fill(values, value.getBytes(StandardCharsets.UTF_8));
      byte[] whole = template.identity(values).getBytes();
      Buffer gzip = template.gzip(values);
      assertThat(gunzip(gzip)).isEqualTo(whole);
      Deflater deflater = new Deflater(6, true);
      deflater.setInput(whole);
      deflater.finish();
      int wholeDeflated = deflater.deflate(new byte[whole.length]);
      deflater.end();
      assertThat(gzip.length()).as("%d bytes of text, %d deflated whole", whole.length, wholeDeflated)
          .isLessThan(18 + wholeDeflated * 11 / 10);
    }
  }

  @Test
  @DisplayName("a text with NUL bytes, which stand for values in the dictionary, still gunzips to itself")
  void nulBytesInTheText() {
    // Deflated against the first value's stand-in, the second run would copy twelve NULs from it.
    GzipTemplate template = new GzipTemplate(List.of("<".getBytes(StandardCharsets.UTF_8), new byte[12], ">".getBytes(StandardCharsets.UTF_8)));
    byte[][] values = {"abcdefghijkl".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8)};
    assertThat(gunzip(template.gzip(values))).isEqualTo(template.identity(values).getBytes());
  }

  @Test
  @DisplayName("no run, the wrong number of values, or a value over 64 KB are refused")
  void refusals() {
    assertThatThrownBy(() -> new GzipTemplate(List.of())).isInstanceOf(IllegalArgumentException.class);
    GzipTemplate template = new GzipTemplate(List.of(new byte[] {'a'}, new byte[] {'b'}));
    assertThatThrownBy(() -> template.gzip(new byte[0][])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> template.gzip(new byte[][] {new byte[70_000]})).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] text(Random random, int length) {
    String alphabet = "<div class=\"meta\">Lượt xem: </b>\n tỉnh Hòa An ";
    StringBuilder out = new StringBuilder(length);
    while (out.length() < length) {
      int from = random.nextInt(alphabet.length());
      out.append(alphabet, from, Math.min(alphabet.length(), from + 1 + random.nextInt(12)));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gunzip(Buffer gzip) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.getBytes()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
