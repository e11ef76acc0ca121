package dev.socketkit.server;

import dev.socketkit.Listener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One acceptor hands each connection to an idle pre-started handler, keeping the idle ones in a
 * queue; with no idle handler (and no room to add one) it stops accepting, so clients wait in the
 * backlog.
 */
final class HandoffEngine extends Engine {
  private final Spares spares;
  private final ClosableQueue<Handler> idle = new ClosableQueue<>(Integer.MAX_VALUE);
  private final Set<Handler> handlers = ConcurrentHashMap.newKeySet();

  HandoffEngine(ServerCore core, Spares spares) {
    super(core);
    this.spares = spares;
  }

  @Override
  void start() {
    for (int i = 0; i < spares.initial && spares.reserve(); i++) {
      Handler h = new Handler();
      handlers.add(h);
      startThread(core.threadName("handler"), h::run);
      idle.put(h); // idle from the start, so the acceptor never sees a handler that has not run yet as busy
    }
    Listener listener = core.listeners.get(0);
    startThread(core.name + "-acceptor", () -> {
      while (true) {
        Handler h = idle.poll();
        boolean starved = h == null && !(spares.reserve() && grow());
        if (starved) {
          core.starvation.handlersBusy(1);
        }
        if (h == null) {
          h = idle.take();
        }
        if (h == null) {
          return;
        }
        Admission c = starved ? core.acceptAfterBusy(listener) : core.accept(listener);
        if (c == null) {
          return;
        }
        if (!h.slot.put(c)) {
          c.reject(RejectReason.SHUTDOWN, Overflow.CLOSE);
        }
        for (int n = spares.missing(idle.size()); n > 0 && spares.reserve(); n--) {
          grow();
        }
      }
    });
  }

  /** Adds a handler, idle; false if its thread cannot start. */
  private boolean grow() {
    Handler h = new Handler();
    handlers.add(h);
    try {
      startThread(core.threadName("handler"), h::run);
    } catch (RuntimeException | OutOfMemoryError e) {
      handlers.remove(h);
      spares.unreserve();
      ServerCore.LOG.warn("{}: cannot add a spare handler: {}", core.name, e.toString());
      return false;
    }
    if (!idle.put(h)) { // stopping: stopAccepting may have missed this handler's slot
      h.slot.close();
    }
    return true;
  }

  @Override
  void stopAccepting() {
    idle.close(); // first, so that a handler added from now on ends at once
    for (Handler h : handlers) {
      h.slot.close();
    }
  }

  private final class Handler {
    final ClosableQueue<Admission> slot = new ClosableQueue<>(1);

    void run() {
      try {
        for (Admission c; (c = slot.take()) != null; ) {
          c.serve();
          if (spares.retire(idle.size()) || !idle.put(this)) {
            return;
          }
        }
      } finally {
        handlers.remove(this);
      }
    }
  }
}
