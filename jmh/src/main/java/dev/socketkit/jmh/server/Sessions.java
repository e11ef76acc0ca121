package dev.socketkit.jmh.server;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Live sessions of a server, removed in {@code finally}, and the counts for the shutdown report. */
public final class Sessions {
  private final Set<Closeable> live = ConcurrentHashMap.newKeySet();
  private final LongAdder accepted = new LongAdder();
  private final long startNanos = System.nanoTime();

  /**
   * Records an accepted connection as live.
   *
   * @param c the connection's resource
   */
  public void opened(Closeable c) {
    accepted.increment();
    live.add(c);
  }

  /**
   * Records that a connection's session ended.
   *
   * @param c the connection's resource
   */
  public void closed(Closeable c) {
    live.remove(c);
  }

  /**
   * Closes every live connection (waking threads blocked on them) and returns how many there were.
   *
   * @return the number of connections closed
   */
  public int closeAll() {
    int n = 0;
    for (Closeable c : live) {
      n++;
      try {
        c.close();
      } catch (IOException ignored) {
        // shutting down: the session's own thread reports nothing either
      }
    }
    return n;
  }

  /**
   * Formats the shutdown report.
   *
   * @param name the server's name
   * @param openAtShutdown connections still open when shutdown began
   * @param shutdownNanos how long shutdown took
   * @return the report line
   */
  public String report(String name, int openAtShutdown, long shutdownNanos) {
    return String.format(
        "shutdown %s: %d connections accepted in %.1f s, %d open at shutdown, closed in %d ms",
        name, accepted.sum(), (System.nanoTime() - startNanos) / 1e9, openAtShutdown,
        shutdownNanos / 1_000_000);
  }
}
