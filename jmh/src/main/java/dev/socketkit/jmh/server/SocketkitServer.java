package dev.socketkit.jmh.server;

import dev.socketkit.Connection;
import dev.socketkit.ListenOptions;
import dev.socketkit.Listener;
import java.io.IOException;
import java.net.SocketAddress;

/**
 * socketkit's echo and churn services on two {@link Listener}s, served by a strategy.
 *
 * <p>{@code thread}: one acceptor thread per listener and a new platform thread per connection,
 * hand-written over {@link Listener} and {@link Connection}.
 */
public final class SocketkitServer implements RunningServer {
  private final String strategy;
  private final Listener echoListener;
  private final Listener churnListener;
  private final Thread[] acceptors = new Thread[2];
  private final Sessions sessions = new Sessions();

  private interface Service {
    void serve(Connection c) throws IOException;
  }

  private SocketkitServer(String strategy, SocketAddress echoAt, SocketAddress churnAt, int workers,
      int backlog) throws IOException {
    if (!strategy.equals("thread")) {
      throw new IllegalArgumentException("strategy: " + strategy + " (expected: thread)");
    }
    this.strategy = strategy;
    ListenOptions options = ListenOptions.builder().backlog(backlog).build();
    echoListener = Listener.bind(echoAt, options);
    try {
      churnListener = Listener.bind(churnAt, options);
    } catch (IOException e) {
      echoListener.close();
      throw e;
    }
    acceptors[0] = acceptor(echoListener, Services::echo, "echo");
    acceptors[1] = acceptor(churnListener, Services::churn, "churn");
    for (Thread t : acceptors) {
      t.start();
    }
  }

  /**
   * Binds both services and starts serving them with the named strategy.
   *
   * @param strategy the strategy name, as {@code bench-server --strategy} takes it
   * @param echoAt the echo address
   * @param churnAt the churn address
   * @param workers worker threads for pooled strategies
   * @param backlog the listen backlog
   * @return the running server
   * @throws IOException if binding fails
   */
  public static SocketkitServer start(String strategy, SocketAddress echoAt, SocketAddress churnAt,
      int workers, int backlog) throws IOException {
    return new SocketkitServer(strategy, echoAt, churnAt, workers, backlog);
  }

  private Thread acceptor(Listener listener, Service service, String name) {
    Thread t = new Thread(() -> {
      while (listener.isOpen()) {
        Connection c;
        try {
          c = listener.accept();
        } catch (IOException e) {
          continue; // closed: the loop condition ends it; otherwise transient
        }
        sessions.opened(c);
        Thread session = new Thread(() -> {
          try (c) {
            service.serve(c);
          } catch (IOException e) {
            // the peer went away: the connection is closed either way
          } finally {
            sessions.closed(c);
          }
        }, "socketkit-" + name + "-conn");
        session.setDaemon(true);
        session.start();
      }
    }, "socketkit-" + name + "-acceptor");
    t.setDaemon(true);
    return t;
  }

  @Override
  public SocketAddress echoAddress() {
    return echoListener.localAddress();
  }

  @Override
  public SocketAddress churnAddress() {
    return churnListener.localAddress();
  }

  @Override
  public String shutdown() {
    long t0 = System.nanoTime();
    try {
      echoListener.close();
      churnListener.close();
    } catch (IOException ignored) {
      // best effort
    }
    int open = sessions.closeAll();
    for (Thread t : acceptors) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return sessions.report("socketkit-" + strategy, open, System.nanoTime() - t0);
  }
}
