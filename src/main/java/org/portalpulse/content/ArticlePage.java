package org.portalpulse.content;

import org.portalpulse.counting.SiteCounters;

public record ArticlePage(Article article, long views, SiteCounters counters) {
}
