package dev.socketkit.server;

import dev.socketkit.Listener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Pre-started handlers that each block in {@code accept()} and serve what they accepted: on one
 * shared listener, or, with SO_REUSEPORT, one group of handlers per listener on the same port.
 */
final class PrestartedEngine extends Engine {
  private final Supplier<Spares> spares;

  PrestartedEngine(ServerCore core, Supplier<Spares> spares) {
    super(core);
    this.spares = spares;
  }

  @Override
  void start() {
    for (Listener listener : core.listeners) {
      Group g = new Group(listener, spares.get());
      for (int i = 0; i < g.spares.initial && g.spares.reserve(); i++) {
        startThread(core.threadName("handler"), g::run);
      }
    }
  }

  private final class Group {
    final Listener listener;
    final Spares spares;
    final AtomicInteger idle = new AtomicInteger();

    Group(Listener listener, Spares spares) {
      this.listener = listener;
      this.spares = spares;
    }

    void run() {
      while (true) {
        idle.incrementAndGet();
        Admission c = core.accept(listener);
        int idleNow = idle.decrementAndGet();
        if (c == null) {
          return;
        }
        for (int n = spares.missing(idleNow); n > 0 && !core.isStopping() && spares.reserve(); n--) {
          grow();
        }
        c.serve();
        if (spares.retire(idle.get())) {
          return;
        }
      }
    }

    private void grow() {
      try {
        startThread(core.threadName("handler"), this::run);
      } catch (RuntimeException | OutOfMemoryError e) {
        spares.unreserve();
        ServerCore.LOG.warn("{}: cannot add a spare handler: {}", core.name, e.toString());
      }
    }
  }
}
