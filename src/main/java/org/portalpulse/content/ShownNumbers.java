package org.portalpulse.content;

import gg.jte.Content;
import org.portalpulse.counting.SiteCounters;

import java.util.EnumMap;
import java.util.Map;

/**
 * The live numbers as the templates show them: written as they are now ({@link #of}), or, in a page
 * rendered once as a {@link PageSkeleton}, marked where they go ({@link #PLACES}).
 */
public final class ShownNumbers {
  static final ShownNumbers PLACES = places();

  private final Map<LiveCount, Content> shown;

  private ShownNumbers(Map<LiveCount, Content> shown) {
    this.shown = shown;
  }

  /** The numbers now, on a page rendered whole (an error page). */
  static ShownNumbers of(SiteCounters counters) {
    Map<LiveCount, Content> shown = new EnumMap<>(LiveCount.class);
    for (LiveCount count : LiveCount.values()) {
      String text = VietnameseFormat.number(count.of(counters, 0));
      shown.put(count, output -> output.writeUserContent(text));
    }
    return new ShownNumbers(shown);
  }

  private static ShownNumbers places() {
    Map<LiveCount, Content> shown = new EnumMap<>(LiveCount.class);
    for (LiveCount count : LiveCount.values()) {
      shown.put(count, output -> output.writeBinaryContent(count.marker()));
    }
    return new ShownNumbers(shown);
  }

  public Content views() {
    return shown.get(LiveCount.VIEWS);
  }

  public Content online() {
    return shown.get(LiveCount.ONLINE);
  }

  public Content today() {
    return shown.get(LiveCount.TODAY);
  }

  public Content week() {
    return shown.get(LiveCount.WEEK);
  }

  public Content total() {
    return shown.get(LiveCount.TOTAL);
  }
}
