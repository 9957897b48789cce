package org.portalpulse.content;

public record ErrorPage(int status, String heading, String message, ShownNumbers numbers) {
}
