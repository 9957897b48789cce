package org.portalpulse.presence;

import org.agrona.collections.LongHashSet;
import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.cpc.CpcUnion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The latest image of every other instance heard from lately, and their union with this instance's
 * visitors. PostgreSQL sends an image only when it changed since the one held here ({@link #held}), so
 * an instance downloads each peer's image once per change, not every second. Used by one thread.
 */
final class PeerImages {
  private static final Logger LOG = LoggerFactory.getLogger(PeerImages.class);

  /** One peer's image, decoded once: its keys, or its sketch. */
  private record Held(long sequence, long[] exact, CpcSketch sketch) {
  }

  private final Map<String, Held> byInstance = new HashMap<>();
  /** Instances already warned about, so a peer of another version is logged once, not every share. */
  private final Set<String> unreadable = new HashSet<>();

  /** The instances whose image is held, for the statement to leave out their unchanged images. */
  String[] instances() {
    return byInstance.keySet().toArray(String[]::new);
  }

  /** In the order of {@link #instances()}, which it must follow at once. */
  Long[] sequences(String[] instances) {
    Long[] sequences = new Long[instances.length];
    for (int i = 0; i < instances.length; i++) {
      sequences[i] = byInstance.get(instances[i]).sequence();
    }
    return sequences;
  }

  boolean holds(String instance) {
    return byInstance.containsKey(instance);
  }

  /** Keeps only these instances: an instance gone silent no longer counts. */
  void retain(Set<String> live) {
    byInstance.keySet().retainAll(live);
  }

  /** A peer's new image, as it stored it: {@code exact} keys, else {@code sketch} bytes. */
  void changed(String instance, long sequence, Long[] exact, byte[] sketch) {
    if (exact != null) {
      long[] keys = new long[exact.length];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = exact[i];
      }
      byInstance.put(instance, new Held(sequence, keys, null));
    } else if (sketch != null) {
      try {
        byInstance.put(instance, new Held(sequence, null, CpcSketch.heapify(sketch)));
      } catch (SketchesException | IllegalArgumentException e) {
        // Not one of ours (another version's format?): held as nobody, so it is not fetched again until it changes.
        if (unreadable.add(instance)) {
          LOG.warn("Instance {} shares images that are not CPC sketches; leaving its visitors out: {}", instance, e.getMessage());
        }
        byInstance.put(instance, new Held(sequence, new long[0], null));
      }
    } else {
      byInstance.put(instance, new Held(sequence, new long[0], null)); // alone until now: it shared nobody
    }
  }

  /**
   * Distinct visitors in {@code mine} and every held image: exact while every image is exact,
   * else the CPC union's estimate.
   */
  long union(PresenceImage mine) {
    boolean exact = mine.isExact() && byInstance.values().stream().allMatch(held -> held.exact() != null);
    if (exact) {
      LongHashSet distinct = new LongHashSet();
      for (long key : mine.exact()) {
        distinct.add(key);
      }
      for (Held held : byInstance.values()) {
        for (long key : held.exact()) {
          distinct.add(key);
        }
      }
      return distinct.size();
    }
    CpcUnion union = new CpcUnion(PresenceImage.LG_K);
    union.update(mine.sketch());
    for (Held held : byInstance.values()) {
      union.update(held.sketch() != null ? held.sketch() : PresenceImage.sketchOf(held.exact()));
    }
    return Math.round(union.getResult().getEstimate());
  }
}
