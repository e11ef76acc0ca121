package dev.socketkit.client;

import dev.socketkit.Connection;
import dev.socketkit.ListenOptions;
import dev.socketkit.Listener;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A listener whose backlog is full: the kernel queues a few connects that nobody accepts, then
 * stops answering, so a further TCP connect never completes (and a Unix-domain one is told to
 * try again until its time-out).
 */
public final class Stalled implements AutoCloseable {
  private final Listener listener;
  private final List<Connection> queued = new ArrayList<>();

  /**
   * Binds {@code bind} with a backlog of one and fills the backlog.
   *
   * @param bind where to listen
   * @throws IOException if binding or connecting fails otherwise
   */
  public Stalled(SocketAddress bind) throws IOException {
    listener = Listener.bind(bind, ListenOptions.builder().backlog(1).build());
    boolean full = false;
    try {
      for (int i = 0; i < 64 && !full; i++) {
        try {
          queued.add(Connection.connect(listener.localAddress(), Duration.ofMillis(300)));
        } catch (TimedOutException e) {
          full = true;
        }
      }
      if (!full) {
        throw new IllegalStateException("backlog of " + listener.localAddress() + " still open after 64 connects");
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Returns where the stalled listener is bound. */
  public SocketAddress address() {
    return listener.localAddress();
  }

  @Override
  public void close() throws IOException {
    for (Connection c : queued) {
      c.close();
    }
    listener.close();
  }
}
