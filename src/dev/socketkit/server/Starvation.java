package dev.socketkit.server;

import dev.socketkit.internal.jfr.Jfr;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The books of a server whose handlers (or workers) are all busy: how often that happened, how
 * many connections waited for one, and a WARN at most once per {@link #WARN_INTERVAL} (Jetty warns
 * when its thread pool runs low); warnings in between are counted and reported with the next.
 */
final class Starvation {
  /** At most one starvation WARN per server in this interval. */
  static final Duration WARN_INTERVAL = Duration.ofSeconds(10);
  private static final long INTERVAL_NANOS = WARN_INTERVAL.toNanos();

  final LongAdder starved = new LongAdder();
  final LongAdder waited = new LongAdder();
  private final String name;
  private final String strategy;
  private final LongSupplier clock;
  private final AtomicLong nextWarning;
  private final AtomicLong suppressed = new AtomicLong();
  volatile IntSupplier queued = () -> 0; // a pooled strategy's queue length

  Starvation(String name, String strategy, LongSupplier nanoClock) {
    this.name = name;
    this.strategy = strategy;
    this.clock = nanoClock;
    this.nextWarning = new AtomicLong(nanoClock.getAsLong());
  }

  /**
   * A pre-started handler took the last idle place and none could be added; with {@code
   * listeners} above one ({@code SO_REUSEPORT}), the last of one listener's group.
   */
  void handlersBusy(int listeners) {
    if (starved()) {
      warn(listeners == 1 ? "every handler of " + strategy
          : "every handler on one of the " + listeners + " listeners of " + strategy,
          "new connections wait in the listen backlog, which cannot be counted");
    }
  }

  /**
   * Every pooled worker is busy and {@code queued} connections wait in the queue (or, with
   * {@code queued} at the capacity, in the backlog behind it).
   */
  void workersBusy(int queued) {
    if (starved()) {
      warn("every worker of " + strategy,
          times(queued, "connection") + (queued == 1 ? " waits" : " wait") + " in the queue");
    }
  }

  /** A handler or worker coming back for work found a connection already waiting for it. */
  void waited() {
    waited.increment();
  }

  /** Counts a starvation; returns whether its WARN is due, else counts it as suppressed. */
  private boolean starved() {
    starved.increment();
    Jfr.starved(name, strategy);
    long now = clock.getAsLong();
    long next = nextWarning.get();
    if (now - next < 0 || !nextWarning.compareAndSet(next, now + INTERVAL_NANOS)) {
      suppressed.incrementAndGet();
      return false;
    }
    return true;
  }

  private void warn(String who, String where) {
    long quiet = suppressed.getAndSet(0);
    String more = quiet == 0 ? "" : "; " + times(quiet, "similar warning") + " suppressed since the last one";
    ServerCore.LOG.warn("{}: {} is busy: {} (starved {}; {} found waiting so far){};"
        + " a bigger or elastic strategy, or virtual threads, would serve them",
        name, who, where, times(starved.sum(), "time"), times(waited.sum(), "connection"), more);
  }

  private static String times(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
