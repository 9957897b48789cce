package org.portalpulse.content;

import org.portalpulse.counting.SiteCounters;

public record ErrorPage(int status, String heading, String message, SiteCounters counters) {
}
