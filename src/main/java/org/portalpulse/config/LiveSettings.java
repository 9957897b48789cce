package org.portalpulse.config;

import java.time.Duration;
import java.util.List;

/**
 * How the live counters reach open pages.
 *
 * @param pushInterval         at most one frame per socket this often, and only when a number it shows changed
 * @param allowedOrigins       origins whose pages may open {@code /ws/stats}; empty means the site's own origin only
 * @param maxSocketsPerAddress open sockets one client address may hold on an instance
 * @param pingInterval         how often a socket is pinged; one that has not answered a ping by the next is closed
 * @param maxSockets           open sockets in all on an instance, kept below the process's open-file limit
 */
public record LiveSettings(Duration pushInterval, List<String> allowedOrigins, int maxSocketsPerAddress, Duration pingInterval,
                           int maxSockets) {
}
