package org.portalpulse.counting;

/**
 * The bot verdicts of recent User-Agents, in a fixed table: real traffic repeats a few hundred
 * User-Agents, and finding one here costs less than a scan of the automaton, whose table is too big
 * for the processor's caches. Never grows: a User-Agent takes the slot of its hash, whatever was
 * there, so a flood of made-up User-Agents costs a slot write each and evicts nothing but this table.
 * No lock: a slot holds an immutable entry, and a reader that sees an older one only scans again.
 */
final class RecentVerdicts {
  private static final int SLOTS = 1 << 10;

  private final Entry[] slots = new Entry[SLOTS];

  /** The verdict on {@code userAgent}, or null when it is not in the table. */
  Boolean get(String userAgent) {
    Entry entry = slots[slotOf(userAgent)];
    return entry != null && entry.userAgent.equals(userAgent) ? entry.bot : null;
  }

  void put(String userAgent, boolean bot) {
    slots[slotOf(userAgent)] = new Entry(userAgent, bot);
  }

  // A String keeps its hash once computed: the put after a get costs no second pass.
  private static int slotOf(String userAgent) {
    return userAgent.hashCode() & (SLOTS - 1);
  }

  private record Entry(String userAgent, boolean bot) {
  }
}
