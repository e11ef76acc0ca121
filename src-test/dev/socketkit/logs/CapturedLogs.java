package dev.socketkit.logs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.event.Level;

/**
 * The log calls made while one test (or one test class's set-up) runs, from any thread. A test
 * that provokes a failure on purpose asserts on them with {@link #awaitEvent}; nothing is printed
 * unless the test fails, when {@link LogCaptureExtension} prints them with the failure. Keeps at
 * most {@value #LIMIT} events and counts the rest.
 */
public final class CapturedLogs {
  static final int LIMIT = 10_000;
  /** The standard error of the JVM at start, not whatever a test has swapped in. */
  private static final PrintStream STDERR = System.err;
  private static volatile CapturedLogs current;

  private final String owner;
  private final List<LogEvent> events = new ArrayList<>();
  private long dropped;

  CapturedLogs(String owner) {
    this.owner = owner;
  }

  /** Makes {@code logs} the destination of log calls and returns the previous one. */
  static CapturedLogs install(CapturedLogs logs) {
    CapturedLogs previous = current;
    current = logs;
    return previous;
  }

  static void record(LogEvent event) {
    CapturedLogs logs = current;
    if (CapturingProvider.PRINT || (logs == null && event.level().toInt() >= Level.WARN.toInt())) {
      STDERR.println(event);
    }
    if (logs != null) {
      logs.add(event);
    }
  }

  private synchronized void add(LogEvent event) {
    if (events.size() < LIMIT) {
      events.add(event);
    } else {
      dropped++;
    }
  }

  /** The running test's log, so far. */
  public static List<LogEvent> events() {
    CapturedLogs logs = current;
    if (logs == null) {
      throw new IllegalStateException("no test is running: log capture is off");
    }
    synchronized (logs) {
      return List.copyOf(logs.events);
    }
  }

  /**
   * Waits until the running test's log has an event that matches, and returns it; the server
   * threads of a test log after the client has seen the effect, so a test waits for their line.
   *
   * @throws AssertionError listing the captured events if none matches within {@code limit}
   */
  public static LogEvent awaitEvent(Predicate<LogEvent> matching, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<LogEvent> found = events().stream().filter(matching).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("no matching log event within " + limit + "; captured:\n" + describe(events()));
      }
      LockSupport.parkNanos(1_000_000L); // poll the captured events
    }
  }

  /** {@link #awaitEvent} for an event of {@code level} whose message (or throwable) contains {@code text}. */
  public static LogEvent awaitEvent(Level level, String text, Duration limit) {
    return awaitEvent(e -> e.is(level, text), limit);
  }

  static String describe(List<LogEvent> events) {
    return events.stream().map(LogEvent::toString).collect(Collectors.joining(System.lineSeparator()));
  }

  /** Prints this log to standard error under a header naming its owner; nothing if it is empty. */
  synchronized void print(String why) {
    if (events.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    text.append("---- log of ").append(owner).append(" (").append(why).append(") ----").append(System.lineSeparator());
    text.append(describe(events)).append(System.lineSeparator());
    if (dropped > 0) {
      text.append("(").append(dropped).append(" more events dropped)").append(System.lineSeparator());
    }
    text.append("---- end of log of ").append(owner).append(" ----");
    STDERR.println(text);
  }
}
