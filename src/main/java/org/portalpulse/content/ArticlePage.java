package org.portalpulse.content;

import org.portalpulse.counting.SiteCounters;

/** {@code countedByScript}: the page loads /pulse.js, which counts its view, rather than being counted when served. */
public record ArticlePage(Article article, long views, SiteCounters counters, boolean countedByScript, PageMeta meta) {
}
