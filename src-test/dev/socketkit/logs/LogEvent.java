package dev.socketkit.logs;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.event.Level;

/**
 * One log call as a test saw it: level, logger, thread, the formatted message and the throwable.
 *
 * @param level the call's level
 * @param logger the logger's name
 * @param thread the name of the thread that logged
 * @param message the message with its arguments filled in
 * @param thrown the throwable logged with it, or {@code null}
 */
public record LogEvent(Level level, String logger, String thread, String message, Throwable thrown) {
  /** Whether this event has {@code level} and its message, or its throwable's, contains {@code text}. */
  public boolean is(Level level, String text) {
    return this.level == level && (message.contains(text) || (thrown != null && String.valueOf(thrown).contains(text)));
  }

  /** The event as slf4j-simple would print it, stack trace included. */
  @Override
  public String toString() {
    String line = level + " [" + thread + "] " + logger.substring(logger.lastIndexOf('.') + 1) + " - " + message;
    if (thrown == null) {
      return line;
    }
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return line + System.lineSeparator() + trace.toString().stripTrailing();
  }
}
