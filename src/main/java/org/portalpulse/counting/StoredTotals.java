package org.portalpulse.counting;

import java.time.LocalDate;
import java.util.Map;

/**
 * Totals as PostgreSQL holds them, read in one statement. {@code siteDays} covers the days the
 * statement was asked about; {@code pages} the pages it was asked about.
 */
public record StoredTotals(long siteTotal, Map<LocalDate, Long> siteDays, Map<Long, Long> pages) {
}
