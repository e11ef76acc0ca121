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
   * Returns the strategy a benchmark runs for a name of {@link Strategy#names()}: the library's
   * {@link Strategy#named(String)} with the benchmarks' own sizes, which results are compared
   * across runs with: pooled gets {@code workers} workers and a queue of {@link
   * #MAX_CONNECTIONS}; prestarted-accept and prestarted-handoff {@code workers} handlers;
   * elastic-accept and elastic-handoff start {@code workers} handlers, keep 1 to {@code workers}
   * spare and grow to 4 &times; {@code workers}; reuseport 2 listeners of {@code workers / 2}
   * handlers; virtual no cap. A name that carries its own numbers ({@code pooled:8:64}) is taken
   * as written.
   *
   * @param name the name, as {@code bench-server --strategy} takes it
   * @param workers threads for pooled and pre-started strategies
   * @return the strategy
   * @throws IllegalArgumentException if the name is not one {@link Strategy#named(String)} reads
   */
  public static Strategy strategy(String name, int workers) {
    return Strategy.named(name.contains(":") ? name : name + sizes(name, Math.max(1, workers)));
  }

  private static String sizes(String name, int n) {
    switch (name) {
      case "pooled": return ":" + n + ":" + MAX_CONNECTIONS;
      case "prestarted-accept": case "prestarted-handoff": return ":" + n;
      case "elastic-accept": case "elastic-handoff": return ":" + n + ":1:" + n + ":" + 4 * n;
      case "reuseport": return ":2:" + Math.max(1, n / 2);
      default: return "";
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
