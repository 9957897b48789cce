package org.portalpulse.content;

/** {@code countedByScript}: the page loads /pulse.js, which counts its view, rather than being counted when served. */
public record ArticlePage(Article article, ShownNumbers numbers, boolean countedByScript, PageMeta meta) {
}
