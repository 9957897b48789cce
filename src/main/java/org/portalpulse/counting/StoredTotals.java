package org.portalpulse.counting;

import java.time.LocalDate;
import java.util.Map;

/**
 * Totals as PostgreSQL holds them, read in one statement: the site's, those of the days from the one
 * asked about, and every page's; {@code snapshot} tells which commits they include.
 */
public record StoredTotals(long siteTotal, Map<LocalDate, Long> siteDays, Map<Long, Long> pages, XactSnapshot snapshot) {
}
