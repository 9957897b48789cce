package org.portalpulse.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** Every line the server in this JVM logs from now until closed, as logback formats its message. */
public final class CapturedLog implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLog() {
    appender.start();
    root.addAppender(appender);
  }

  public static CapturedLog start() {
    return new CapturedLog();
  }

  /** The lines at {@code level}, as {@code "Logger: message"}. */
  public List<String> lines(Level level) {
    List<ILoggingEvent> events;
    synchronized (appender) { // the appender adds under this lock
      events = new ArrayList<>(appender.list);
    }
    return events.stream().filter(e -> e.getLevel().equals(level))
        .map(e -> e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1) + ": " + e.getFormattedMessage())
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
