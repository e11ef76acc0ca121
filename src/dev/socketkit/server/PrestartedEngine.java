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
        g.idle.incrementAndGet();
        startThread(core.threadName("handler"), g::run);
      }
    }
  }

  private final class Group {
    final Listener listener;
    final Spares spares;
    /** Handlers not serving a session: counted from their start, so none looks busy before it runs. */
    final AtomicInteger idle = new AtomicInteger();

    Group(Listener listener, Spares spares) {
      this.listener = listener;
      this.spares = spares;
    }

    void run() {
      boolean othersBusy = false;
      while (true) {
        Admission c = othersBusy ? core.acceptAfterBusy(listener) : core.accept(listener);
        int idleNow = idle.decrementAndGet();
        if (c == null) {
          return;
        }
        int added = 0;
        for (int n = spares.missing(idleNow); n > 0 && !core.isStopping() && spares.reserve(); n--) {
          added += grow();
        }
        if (idleNow == 0 && added == 0) {
          core.starvation.handlersBusy(core.listeners.size()); // this handler took the last idle place
        }
        c.serve();
        if (spares.retire(idle.get())) {
          return;
        }
        othersBusy = idle.incrementAndGet() == 1;
      }
    }

    private int grow() {
      idle.incrementAndGet();
      try {
        startThread(core.threadName("handler"), this::run);
        return 1;
      } catch (RuntimeException | OutOfMemoryError e) {
        idle.decrementAndGet();
        spares.unreserve();
        ServerCore.LOG.warn("{}: cannot add a spare handler: {}", core.name, e.toString());
        return 0;
      }
    }
  }
}
