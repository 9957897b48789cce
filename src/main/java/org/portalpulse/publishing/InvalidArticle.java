package org.portalpulse.publishing;

/** A field of an article that cannot be stored as given; the message says what to send instead. */
public final class InvalidArticle extends IllegalArgumentException {
  public InvalidArticle(String message) {
    super(message);
  }
}
