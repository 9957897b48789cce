package org.portalpulse.presence;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded set of 64-bit keys, each with its own expiry time and a small tag, safe for every event
 * loop at once. Expiry and tag share one long: the low 42 bits are the expiry in epoch millis (good
 * until 2109), the high bits the tag. The online table here and counting's de-duplication table are
 * both one of these.
 *
 * <p>Why not Caffeine, which the project uses elsewhere: under a flood of new visitors each entry
 * lives for minutes, and Caffeine's several objects per entry made young collections copy millions
 * of survivors (BENCHMARKS.md, "Where the time goes"). Agrona's open-addressing
 * {@link Long2LongHashMap} holds keys and values side by side in one primitive array, so there is
 * nothing per entry for the collector to trace. Stripes, each behind its own lock, keep two event
 * loops from contending.
 */
public final class ExpiringKeys {
  private static final int STRIPES = 32;
  private static final long NONE = Long.MIN_VALUE;
  private static final int TAG_SHIFT = 42;
  private static final long EXPIRY = (1L << TAG_SHIFT) - 1;
  /** Tags are below this, so that no tagged value is ever {@link #NONE}. */
  static final long MAX_TAG = 1L << 20;
  static final long ABSENT = -1;

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final int maxPerStripe;
  private final LongAdder size = new LongAdder();
  private int nextSweep;

  public ExpiringKeys(int capacity) {
    this.maxPerStripe = Math.max(1, capacity / STRIPES);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(maxPerStripe);
    }
  }

  /**
   * Adds {@code key} until {@code expiresAt} unless it is there and not yet expired. Returns true
   * when it was added, and also when the set is full and cannot remember it: a bounded set may
   * forget, and forgetting must never make a first sight look like a repeat.
   */
  public boolean addIfAbsent(long key, long now, long expiresAt) {
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      long current = stripe.expiries.get(key);
      if (live(current, now)) {
        return false;
      }
      insert(stripe, key, current, expiresAt);
      return true;
    }
  }

  /**
   * Moves the expiry of {@code key} to {@code expiresAt}, adding it if absent, and sets its tag to
   * {@code newTag} when {@code retag}, else keeps the tag it had. Returns the tag it had, or
   * {@link #ABSENT} when it was absent or expired.
   */
  long refresh(long key, long now, long expiresAt, long newTag, boolean retag) {
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      long current = stripe.expiries.get(key);
      long previousTag = live(current, now) ? current >>> TAG_SHIFT : ABSENT;
      long tag = retag ? newTag : Math.max(previousTag, 0);
      insert(stripe, key, current, (tag << TAG_SHIFT) | expiresAt);
      return previousTag;
    }
  }

  /** Removes {@code key}; returns whether it was there and not yet expired. */
  public boolean remove(long key, long now) {
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      long current = stripe.expiries.remove(key);
      if (current == NONE) {
        return false;
      }
      size.decrement();
      return live(current, now);
    }
  }

  /** Moves the expiry of {@code key}, keeping its tag, only when it is there and not yet expired. */
  void refreshIfPresent(long key, long now, long expiresAt) {
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      long current = stripe.expiries.get(key);
      if (live(current, now)) {
        stripe.expiries.put(key, (current & ~EXPIRY) | expiresAt);
      }
    }
  }

  /** When {@code key} expires, or {@link #ABSENT} when it is absent or expired at {@code now}. */
  long expiryOf(long key, long now) {
    Stripe stripe = stripeOf(key);
    synchronized (stripe) {
      long current = stripe.expiries.get(key);
      return live(current, now) ? current & EXPIRY : ABSENT;
    }
  }

  /** Every key not yet expired at {@code now}, in no particular order. */
  long[] liveKeys(long now) {
    LongArrayList keys = new LongArrayList();
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        Long2LongHashMap.EntryIterator entries = stripe.expiries.entrySet().iterator();
        while (entries.hasNext()) {
          entries.next();
          if ((entries.getLongValue() & EXPIRY) > now) {
            keys.addLong(entries.getLongKey());
          }
        }
      }
    }
    return keys.toLongArray();
  }

  /** Keys held, including some that expired since their stripe was last swept. */
  long size() {
    return size.sum();
  }

  /**
   * Removes the expired keys of the next stripe, round robin: a full pass takes one call per stripe.
   * Sweeping a stripe at a time keeps each lock short, so no event loop waits behind a sweep.
   * Called from one thread only.
   */
  public void sweepNextStripe(long now) {
    Stripe stripe = stripes[nextSweep];
    nextSweep = (nextSweep + 1) % STRIPES;
    synchronized (stripe) {
      Long2LongHashMap.EntryIterator entries = stripe.expiries.entrySet().iterator();
      while (entries.hasNext()) {
        entries.next();
        if ((entries.getLongValue() & EXPIRY) <= now) {
          entries.remove();
          size.decrement();
        }
      }
    }
  }

  static int stripes() {
    return STRIPES;
  }

  private static boolean live(long value, long now) {
    return value != NONE && (value & EXPIRY) > now;
  }

  private void insert(Stripe stripe, long key, long current, long value) {
    if (current != NONE) {
      stripe.expiries.put(key, value);
    } else if (stripe.expiries.size() < maxPerStripe) {
      stripe.expiries.put(key, value);
      size.increment();
    }
  }

  private Stripe stripeOf(long key) {
    return stripes[(int) (key >>> 59)]; // keys are hashes: their top bits are uniform
  }

  private static final class Stripe {
    private static final float LOAD_FACTOR = 0.65f;
    final Long2LongHashMap expiries;

    /** Sized for its bound up front: growing means copying big arrays on an event loop, mid-flood. */
    Stripe(int maxKeys) {
      expiries = new Long2LongHashMap((int) (maxKeys / LOAD_FACTOR) + 1, LOAD_FACTOR, NONE);
    }
  }
}
