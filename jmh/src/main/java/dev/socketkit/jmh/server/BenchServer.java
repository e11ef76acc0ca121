package dev.socketkit.jmh.server;

import dev.socketkit.jmh.Transport;
import dev.socketkit.jmh.netty.NettyTransport;
import java.util.concurrent.CountDownLatch;

/**
 * The command-line benchmark server: {@code jmh/bench-server --strategy S --port P --transport
 * tcp|unix --path F --workers N}, where S is a strategy name (the tuned variant), the same name
 * with {@code +defaults} (what a user gets, see {@link SocketkitServer}) or a peer. Prints {@code listening <echo address> <churn address>} when
 * ready and the shutdown report on SIGTERM or SIGINT.
 */
public final class BenchServer {
  private BenchServer() {}

  /**
   * Runs the server until the process is told to stop.
   *
   * @param args the options; {@code --help} lists them
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    String strategy = "thread";
    int port = 7000;
    Transport transport = Transport.TCP;
    String path = null;
    int workers = -1; // not given: see below
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        usage(0);
      }
      if (i + 1 >= args.length) {
        System.err.println("bench-server: " + a + " needs a value");
        usage(2);
      }
      String v = args[++i];
      switch (a) {
        case "--strategy": strategy = v; break;
        case "--port": port = Integer.parseInt(v); break;
        case "--transport": transport = Transport.parse(v); break;
        case "--path": path = v; break;
        case "--workers": workers = Integer.parseInt(v); break;
        default:
          System.err.println("bench-server: unknown option " + a);
          usage(2);
      }
    }
    if (workers < 0) {
      // socketkit's pooled and pre-started strategies get the JMH suite's size, enough for the
      // 16-connection ping-pong: one per CPU left 14 of 16 clients waiting in the backlog
      workers = Servers.PEERS.contains(strategy) ? Runtime.getRuntime().availableProcessors() : Servers.POOL_WORKERS;
    }
    if (!Servers.PEERS.contains(strategy)) {
      try {
        SocketkitServer.strategy(strategy, workers);
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        System.err.println("bench-server: " + e.getMessage() + "; or a peer: " + Servers.PEERS);
        System.exit(2);
      }
    }
    if (NettyTransport.NAMES.contains(strategy) && NettyTransport.ofPeer(strategy).unavailability() != null) {
      System.err.println("bench-server: " + NettyTransport.ofPeer(strategy).unavailability());
      System.exit(2);
    }
    if (strategy.startsWith("reuseport") && transport == Transport.UNIX) {
      System.err.println("bench-server: reuseport is TCP only (SO_REUSEPORT does not apply to Unix-domain sockets)");
      System.exit(2);
    }
    if (port < 0 || port > 65534) {
      System.err.println("bench-server: port: " + port + " (expected: 0..65534; churn is on port+1)");
      System.exit(2);
    }
    RunningServer server = Servers.start(strategy, transport, port, path, workers);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println(server.shutdown());
      System.out.flush();
      stopped.countDown();
    }, "bench-server-shutdown"));
    System.out.println("listening " + Transport.format(server.echoAddress()) + " "
        + Transport.format(server.churnAddress()));
    System.out.flush();
    stopped.await();
  }

  private static void usage(int status) {
    System.err.println("usage: bench-server [--strategy S] [--port P] [--transport tcp|unix] [--path F] [--workers N]\n"
        + "  --strategy   " + String.join("|", Servers.STRATEGIES) + " (sizes as in pooled:8:64; time limits\n"
        + "               off, hand-written framing), the same with " + SocketkitServer.DEFAULTS
        + " (default ServerOptions,\n"
        + "               FrameReader/FrameWriter: prestarted-accept" + SocketkitServer.DEFAULTS + "), or a peer: "
        + String.join("|", Servers.PEERS) + "\n"
        + "               (default thread)\n"
        + "  --port       TCP echo port; churn is on port+1; 0 picks a free pair in 20000-31999 (default 7000)\n"
        + "  --transport  tcp or unix (default tcp)\n"
        + "  --path       Unix socket path for echo; churn is at <path>-churn (default: a fresh temp dir)\n"
        + "  --workers    threads of pooled and pre-started strategies (default " + Servers.POOL_WORKERS
        + ", as in the JMH suite) and of the peers (default: CPU count)");
    System.exit(status);
  }
}
