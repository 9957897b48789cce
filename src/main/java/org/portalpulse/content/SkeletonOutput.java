package org.portalpulse.content;

import gg.jte.TemplateOutput;
import gg.jte.output.Utf8ByteOutput;

import java.util.ArrayList;
import java.util.List;

/** Collects a template rendered with {@link ShownNumbers#PLACES}: its text, cut where each live number goes. */
final class SkeletonOutput implements TemplateOutput {
  private final List<byte[]> runs = new ArrayList<>();
  private final List<LiveCount> places = new ArrayList<>();
  private Utf8ByteOutput run = new Utf8ByteOutput();

  @Override
  public void writeContent(String value) {
    run.writeContent(value);
  }

  @Override
  public void writeContent(String value, int beginIndex, int endIndex) {
    run.writeContent(value, beginIndex, endIndex);
  }

  @Override
  public void writeBinaryContent(byte[] value) {
    LiveCount place = LiveCount.markedBy(value);
    if (place == null) {
      run.writeBinaryContent(value);
    } else {
      runs.add(run.toByteArray());
      places.add(place);
      run = new Utf8ByteOutput();
    }
  }

  /** The runs of text, one more than {@link #places()}. */
  List<byte[]> runs() {
    List<byte[]> all = new ArrayList<>(runs);
    all.add(run.toByteArray());
    return all;
  }

  List<LiveCount> places() {
    return places;
  }
}
