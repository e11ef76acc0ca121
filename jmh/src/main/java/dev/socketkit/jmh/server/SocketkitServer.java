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
 * socketkit's echo and churn services, each a {@link Server} running the named {@link Strategy},
 * in one of two variants, named so that a chart shows which is which:
 *
 * <ul>
 *   <li><b>tuned</b> ({@code prestarted-accept}): time limits off (idle and write time-outs and
 *       the session deadline zero), the benchmarks' backlog, and the wire protocol read by hand
 *       over {@link dev.socketkit.BufferedInput} ({@link Services#echo}), so every strategy is
 *       measured on the same terms as the raw-JDK baseline, which has no time limits either;
 *   <li><b>defaults</b> ({@code prestarted-accept+defaults}): what a user gets from {@code
 *       Server.of(address, strategy, handler)}: {@link ServerOptions#defaults()} (idle time-out
 *       60 s, write time-out, default backlog) with one change, {@code maxConnections} raised
 *       from 1,024 to {@link #MAX_CONNECTIONS} so that the idle test's 10,000 connections are
 *       admitted (no other benchmark opens more than 16 at once, so for them it changes nothing),
 *       and framing through {@link dev.socketkit.framing.FrameReader} and {@link
 *       dev.socketkit.framing.FrameWriter} ({@link Services#framedEcho}).
 * </ul>
 *
 * <p>Both give the strategy the benchmarks' sizes ({@link #strategy(String, int)}).
 */
public final class SocketkitServer implements RunningServer {
  /** The most connections a benchmark server admits: above the 10,000 of the idle test. */
  public static final int MAX_CONNECTIONS = 20_000;

  /** What a strategy name ends with to run the defaults variant: {@code prestarted-accept+defaults}. */
  public static final String DEFAULTS = "+defaults";

  private final String strategy;
  private final Server echo;
  private final Server churn;

  private SocketkitServer(String strategy, SocketAddress echoAt, SocketAddress churnAt, int workers,
      int backlog) throws IOException {
    this.strategy = strategy;
    boolean defaults = isDefaults(strategy);
    echo = server("echo", strategy, echoAt, workers, backlog, defaults ? Services::framedEcho : Services::echo);
    try {
      churn = server("churn", strategy, churnAt, workers, backlog,
          defaults ? Services::framedChurn : Services::churn);
    } catch (IOException | RuntimeException e) {
      echo.close();
      throw e;
    }
  }

  /**
   * Binds both services and starts serving them with the named strategy.
   *
   * @param strategy the strategy name, as {@code bench-server --strategy} takes it, ending in
   *     {@link #DEFAULTS} for the defaults variant
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
   * as written. A trailing {@link #DEFAULTS} is ignored here.
   *
   * @param name the name, as {@code bench-server --strategy} takes it
   * @param workers threads for pooled and pre-started strategies
   * @return the strategy
   * @throws IllegalArgumentException if the name is not one {@link Strategy#named(String)} reads
   */
  public static Strategy strategy(String name, int workers) {
    String base = isDefaults(name) ? name.substring(0, name.length() - DEFAULTS.length()) : name;
    return Strategy.named(base.contains(":") ? base : base + sizes(base, Math.max(1, workers)));
  }

  /**
   * Says whether a name asks for the defaults variant.
   *
   * @param name a strategy name
   * @return whether it ends with {@link #DEFAULTS}
   */
  public static boolean isDefaults(String name) {
    return name.endsWith(DEFAULTS);
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
    if (isDefaults(strategy)) {
      ServerOptions admitting = ServerOptions.builder()
          .maxConnections(MAX_CONNECTIONS, Overflow.WAIT) // WAIT is the default policy
          .build();
      return Server.of(at, strategy(strategy, workers), admitting, handler).start();
    }
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
