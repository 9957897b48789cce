package org.portalpulse.admin;

/** One bucket of a series: its start ({@code 2026-11-29}, or {@code 2026-11-29T13:00} by hour), views and visitors. */
record SeriesPoint(String start, long views, long visitors) {
}
