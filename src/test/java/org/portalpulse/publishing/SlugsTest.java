package org.portalpulse.publishing;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A slug is the Vietnamese title as readers would type it")
class SlugsTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "Đà Nẵng đón 1 triệu khách: kỷ lục mới! | da-nang-don-1-trieu-khach-ky-luc-moi",
      "ĐỒNG BẰNG SÔNG CỬU LONG                 | dong-bang-song-cuu-long",
      "Giá xăng -- giảm   500 đồng/lít        | gia-xang-giam-500-dong-lit",
      "-- Tin nóng --                          | tin-nong",
      "Nghề “Ấn tượng” của người Hà Nội       | nghe-an-tuong-cua-nguoi-ha-noi",
      "Tiếng Việt có dấu: ă â ê ô ơ ư ạ ả ã   | tieng-viet-co-dau-a-a-e-o-o-u-a-a-a",
      "!!!                                     | bai-viet",
  })
  void slugOf(String title, String slug) {
    assertThat(Slugs.of(title)).isEqualTo(slug);
  }

  @ParameterizedTest(name = "a {0}-character title")
  @CsvSource({"200", "81"})
  void longTitlesAreCutBetweenWords(int length) {
    String title = "Tin dài ".repeat(length / 8 + 1).substring(0, length);
    String slug = Slugs.of(title);
    assertThat(slug.length()).isLessThanOrEqualTo(Slugs.MAX_LENGTH);
    assertThat(slug).startsWith("tin-dai-tin-dai").doesNotEndWith("-").matches("(tin-dai-)*tin(-dai)?");
  }
}
