package dev.socketkit.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many pre-started handlers a group has, and, when elastic, when to add or retire one (Apache
 * httpd prefork's MinSpareServers/MaxSpareServers, decided by the handlers themselves).
 */
final class Spares {
  final int initial;
  private final int minSpare;
  private final int maxSpare;
  private final int max;
  private final AtomicInteger total = new AtomicInteger();

  Spares(int initial, int minSpare, int maxSpare, int max) {
    this.initial = initial;
    this.minSpare = minSpare;
    this.maxSpare = maxSpare;
    this.max = max;
  }

  /** Counts one more handler if the maximum allows it. */
  boolean reserve() {
    for (int t = total.get(); t < max; t = total.get()) {
      if (total.compareAndSet(t, t + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Uncounts a handler that could not be started. */
  void unreserve() {
    total.decrementAndGet();
  }

  /** How many handlers to add when {@code idle} are idle; zero when not elastic. */
  int missing(int idle) {
    return Math.max(0, minSpare - idle);
  }

  /** Whether a handler that just became idle should end, with {@code idle} others idle. */
  boolean retire(int idle) {
    if (maxSpare == 0 || idle < maxSpare) {
      return false;
    }
    for (int t = total.get(); t > 1; t = total.get()) {
      if (total.compareAndSet(t, t - 1)) {
        return true;
      }
    }
    return false;
  }
}
