package org.portalpulse.counting;

/** The four numbers of the "Thống kê truy cập" box. */
public record SiteCounters(long online, long today, long week, long total) {
}
