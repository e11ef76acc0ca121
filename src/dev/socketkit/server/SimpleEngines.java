package dev.socketkit.server;

import dev.socketkit.Listener;

/** The strategies without pools: iterative, and a new (platform or virtual) thread per connection. */
final class SimpleEngines {
  private SimpleEngines() {}

  /** One thread accepts and serves, one client at a time. */
  static final class Iterative extends Engine {
    Iterative(ServerCore core) {
      super(core);
    }

    @Override
    void start() {
      Listener listener = core.listeners.get(0);
      startThread(core.name + "-acceptor", () -> {
        for (Admission c; (c = core.accept(listener)) != null; ) {
          c.serve();
        }
      });
    }
  }

  /** An acceptor starts a thread for each connection; virtual threads may be capped. */
  static final class PerConnection extends Engine {
    private final boolean virtual;
    private final Permits cap;

    PerConnection(ServerCore core, boolean virtual, int cap) {
      super(core);
      this.virtual = virtual;
      this.cap = new Permits(cap);
    }

    @Override
    void start() {
      Listener listener = core.listeners.get(0);
      String role = virtual ? "virtual" : "session";
      startThread(core.name + "-acceptor", () -> {
        while (true) {
          boolean atCap = !cap.tryAcquire();
          if (atCap) {
            core.starvation.handlersBusy(1); // clients wait in the backlog until a session ends
            if (!cap.acquire()) {
              return;
            }
          }
          Admission c = atCap ? core.acceptAfterBusy(listener) : core.accept(listener);
          if (c == null) {
            cap.release();
            return;
          }
          serveOnNewThread(c, role, virtual, cap::release);
        }
      });
    }

    @Override
    void stopAccepting() {
      cap.close();
    }
  }
}
