package dev.socketkit.jmh.server;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.baseline.RawJdkServer;
import dev.socketkit.jmh.netty.NettyServer;
import dev.socketkit.jmh.netty.NettyTransport;
import dev.socketkit.server.Strategy;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts any benchmark server by name: a socketkit strategy (tuned, or with {@code +defaults}:
 * see {@link SocketkitServer}), {@code raw-jdk}, or a Netty 4.2 peer ({@code netty-nio}, {@code
 * netty-epoll}, {@code netty-iouring}).
 */
public final class Servers {
  /**
   * The socketkit strategies, in the order charts show them: the library's one list, {@link
   * Strategy#names()}; {@link SocketkitServer#strategy(String, int)} gives each its benchmark sizes.
   */
  public static final List<String> STRATEGIES = Strategy.names();

  /** The peers measured against: the raw-JDK baseline, then Netty on each of its transports. */
  public static final List<String> PEERS =
      List.of("raw-jdk", "netty-nio", "netty-epoll", "netty-iouring");

  /** The listen backlog every server uses, so none is favoured by a longer accept queue. */
  public static final int BACKLOG = 1024;

  private static final int BIND_ATTEMPTS = 50;
  private static final int PAIR_PORTS_FROM = 20_000;
  private static final int PAIR_PORTS_COUNT = 6_000;

  /** Worker threads for pooled strategies: enough for the 16-connection ping-pong to never queue. */
  public static final int POOL_WORKERS = 32;

  private Servers() {}

  /**
   * Returns the worker count a benchmark starts {@code name} with: 0 for Netty (its default, two
   * event loops per CPU, see {@link NettyServer}), {@link #POOL_WORKERS} for everything else.
   *
   * @param name a strategy or peer name
   * @return the worker count, 0 meaning the implementation's default
   */
  public static int workersFor(String name) {
    return NettyTransport.NAMES.contains(name) ? 0 : POOL_WORKERS;
  }

  /**
   * Starts the named server with echo on {@code port} and churn on {@code port + 1} (TCP), or on
   * {@code path} and {@code path-churn} (Unix). Port 0 picks a free pair between 20000 and 31999.
   *
   * @param name a strategy name or a peer name
   * @param transport TCP or Unix-domain
   * @param port the TCP echo port, 0 for any free pair
   * @param path the Unix socket path, null for a fresh temporary one
   * @param workers worker threads (pooled strategies, Netty's event loops)
   * @return the running server
   * @throws IOException if binding fails
   * @throws InterruptedException if interrupted while starting Netty
   */
  public static RunningServer start(String name, Transport transport, int port, String path, int workers)
      throws IOException, InterruptedException {
    if (transport == Transport.UNIX || port != 0) {
      SocketAddress[] at = transport.addresses(port, path);
      RunningServer s = startAt(name, transport, at[0], at[1], workers);
      return transport == Transport.UNIX ? removingFiles(s, at, path == null) : s;
    }
    // Pick the pair below Linux's ephemeral range (32768 and up), so that no client socket of a
    // churn run can hold either port; a port the kernel hands out for bind(0) may be one a
    // connected socket still uses, which an explicit bind then refuses.
    BindException last = null;
    for (int i = 0; i < BIND_ATTEMPTS; i++) {
      int p = PAIR_PORTS_FROM + 2 * ThreadLocalRandom.current().nextInt(PAIR_PORTS_COUNT);
      SocketAddress[] at = transport.addresses(p, null);
      try {
        return startAt(name, transport, at[0], at[1], workers);
      } catch (BindException e) {
        last = e;
      }
    }
    throw last != null ? last : new BindException("no free port pair on loopback");
  }

  /** Removes the socket files on shutdown (not every server does), and the temp dir it made. */
  private static RunningServer removingFiles(RunningServer s, SocketAddress[] at, boolean ownDir) {
    return new RunningServer() {
      @Override
      public SocketAddress echoAddress() {
        return s.echoAddress();
      }

      @Override
      public SocketAddress churnAddress() {
        return s.churnAddress();
      }

      @Override
      public String shutdown() {
        String report = s.shutdown();
        Path echo = ((UnixDomainSocketAddress) at[0]).getPath();
        try {
          Files.deleteIfExists(echo);
          Files.deleteIfExists(((UnixDomainSocketAddress) at[1]).getPath());
          if (ownDir) {
            Files.deleteIfExists(echo.getParent());
          }
        } catch (IOException ignored) {
          // a leftover file in the temp dir is harmless
        }
        return report;
      }
    };
  }

  private static RunningServer startAt(String name, Transport transport, SocketAddress echo,
      SocketAddress churn, int workers) throws IOException, InterruptedException {
    switch (name) {
      case "raw-jdk":
        return RawJdkServer.start(transport, echo, churn, BACKLOG);
      case "netty-nio":
      case "netty-epoll":
      case "netty-iouring":
        try {
          return NettyServer.start(NettyTransport.ofPeer(name), transport, echo, churn, workers, BACKLOG);
        } catch (RuntimeException e) {
          if (e.getCause() instanceof BindException) {
            throw (BindException) e.getCause();
          }
          throw e;
        }
      default:
        return SocketkitServer.start(name, echo, churn, workers, BACKLOG);
    }
  }
}
