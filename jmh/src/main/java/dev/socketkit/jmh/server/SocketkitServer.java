package dev.socketkit.jmh.server;

import dev.socketkit.server.Overflow;
import dev.socketkit.server.Server;
import dev.socketkit.server.ServerOptions;
import dev.socketkit.server.SessionHandler;
import dev.socketkit.server.Strategy;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * socketkit's echo and churn services, each a {@link Server} running the named {@link Strategy}.
 * Time limits are off and the connection cap is above anything the benchmarks open, so every
 * strategy is measured on the same terms as the raw-JDK baseline.
 */
public final class SocketkitServer implements RunningServer {
  /** The most connections a benchmark server admits: above the 10,000 of the idle test. */
  public static final int MAX_CONNECTIONS = 20_000;

  private final String strategy;
  private final Server echo;
  private final Server churn;

  private SocketkitServer(String strategy, SocketAddress echoAt, SocketAddress churnAt, int workers,
      int backlog) throws IOException {
    this.strategy = strategy;
    echo = server("echo", strategy, echoAt, workers, backlog, Services::echo);
    try {
      churn = server("churn", strategy, churnAt, workers, backlog, Services::churn);
    } catch (IOException | RuntimeException e) {
      echo.close();
      throw e;
    }
  }

  /**
   * Binds both services and starts serving them with the named strategy.
   *
   * @param strategy the strategy name, as {@code bench-server --strategy} takes it
   * @param echoAt the echo address
   * @param churnAt the churn address
   * @param workers threads for pooled and pre-started strategies (reuseport: in total, over 2
   *     listeners)
   * @param backlog the listen backlog
   * @return the running server
   * @throws IOException if binding fails
   */
  public static SocketkitServer start(String strategy, SocketAddress echoAt, SocketAddress churnAt,
      int workers, int backlog) throws IOException {
    return new SocketkitServer(strategy, echoAt, churnAt, workers, backlog);
  }

  /**
   * Maps a {@code --strategy} name to its {@link Strategy}.
   *
   * @param name the name
   * @param workers threads for pooled and pre-started strategies
   * @return the strategy
   */
  public static Strategy strategy(String name, int workers) {
    int n = Math.max(1, workers);
    switch (name) {
      case "iterative": return Strategy.iterative();
      case "thread": return Strategy.threadPerConnection();
      case "pooled": return Strategy.pooled(n, MAX_CONNECTIONS, Overflow.WAIT);
      case "prestarted-accept": return Strategy.prestartedAccept(n);
      case "prestarted-handoff": return Strategy.prestartedHandoff(n);
      case "reuseport": return Strategy.reusePort(2, Math.max(1, n / 2));
      case "virtual": return Strategy.virtualThreads();
      default: throw new IllegalArgumentException("strategy: " + name + " (expected one of " + Servers.STRATEGIES + ")");
    }
  }

  private static Server server(String service, String strategy, SocketAddress at, int workers,
      int backlog, SessionHandler handler) throws IOException {
    ServerOptions options = ServerOptions.builder()
        .name(service)
        .maxConnections(MAX_CONNECTIONS, Overflow.WAIT)
        .idleTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .sessionDeadline(Duration.ZERO)
        .shutdownGrace(Duration.ofSeconds(2))
        .backlog(backlog)
        .build();
    return Server.of(at, strategy(strategy, workers), options, handler).start();
  }

  @Override
  public SocketAddress echoAddress() {
    return echo.localAddress();
  }

  @Override
  public SocketAddress churnAddress() {
    return churn.localAddress();
  }

  @Override
  public String shutdown() {
    return "shutdown socketkit-" + strategy + ": echo " + echo.shutdown(Duration.ofSeconds(2))
        + "; churn " + churn.shutdown(Duration.ofSeconds(2));
  }
}
