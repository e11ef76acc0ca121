package dev.socketkit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.socketkit.Connection;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import dev.socketkit.server.Server;
import dev.socketkit.server.ServerOptions;
import dev.socketkit.server.SessionHandler;
import dev.socketkit.server.ShutdownReport;
import dev.socketkit.server.Strategy;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The upper-case line server under any strategy. The handler is written once; {@code --strategy}
 * picks who runs it. The project's default example, so {@code mvn -q test-compile exec:exec} runs
 * it with no arguments; with some:
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexample=dev.socketkit.examples.UpperCaseDemo \
 *     -Dexample.args="--strategy pooled --clients 3"
 * </pre>
 *
 * <p>Options: {@code --strategy NAME}, any name of {@link Strategy#names()} ({@code iterative},
 * {@code thread}, {@code pooled}, {@code prestarted-accept}, {@code prestarted-handoff}, {@code
 * elastic-accept}, {@code elastic-handoff}, {@code reuseport}, {@code virtual}), optionally with
 * sizes as {@link Strategy#named(String)} reads them ({@code pooled:8:64}); default {@code thread}.
 * {@code --port N} (default 0, any free port) or {@code --unix PATH}; {@code --clients N} runs N
 * demo clients and shuts down (default 3);
 * {@code --bad-clients} then runs three that misbehave (one vanishes mid-line, one sends a line
 * over the 8 KiB limit, one stays silent past a 2 s idle time-out), to show what the server logs;
 * {@code --serve} serves instead until standard input ends (Enter prints stats), and
 * {@code --serve --until-signal} until SIGTERM or Ctrl-C, whatever standard input does.
 */
public final class UpperCaseDemo {
  private UpperCaseDemo() {}

  /** Upper-cases every line until the client ends the stream. */
  public static final SessionHandler HANDLER = connection -> {
    FrameReader in = FrameReader.of(connection, Framing.lines());
    FrameWriter out = FrameWriter.of(connection, Framing.lines());
    for (String line; (line = in.readText(UTF_8)) != null; ) {
      out.writeText(line.toUpperCase(Locale.ROOT), UTF_8).flush();
    }
  };

  /** Returns the strategy named on the command line; see {@link Strategy#named(String)}. */
  public static Strategy strategy(String name) {
    return Strategy.named(name); // virtual throws on Java 17, saying so
  }

  public static void main(String[] args) throws Exception {
    run(args, System.out);
  }

  /** Runs the example with {@code args}, printing to {@code out}. */
  public static void run(String[] args, PrintStream out) throws Exception {
    String strategy = "thread";
    SocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    int clients = 3;
    boolean serve = false;
    boolean untilSignal = false;
    boolean badClients = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--strategy":
          strategy = args[++i];
          break;
        case "--port":
          address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[++i]));
          break;
        case "--unix":
          address = UnixDomainSocketAddress.of(Path.of(args[++i]));
          break;
        case "--clients":
          clients = Integer.parseInt(args[++i]);
          break;
        case "--bad-clients":
          badClients = true;
          break;
        case "--serve":
          serve = true;
          break;
        case "--until-signal":
          untilSignal = true;
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (untilSignal && !serve) {
      throw new IllegalArgumentException("--until-signal goes with --serve");
    }
    Duration idle = badClients ? BadClients.IDLE_TIMEOUT : Duration.ofSeconds(30);
    ServerOptions options = ServerOptions.builder().name("upper").idleTimeout(idle).build();
    try (Server server = Server.of(address, strategy(strategy), options, HANDLER).start()) {
      out.println("listening on " + server.localAddress() + " with " + server.strategy());
      if (serve) {
        Serving.serve(server, untilSignal, System.in, out, Duration.ofSeconds(5));
        return;
      }
      for (int i = 1; i <= clients; i++) {
        String line = "hello from client " + i;
        out.println("> " + line);
        out.println("< " + ask(server.localAddress(), line));
      }
      if (badClients) {
        BadClients.run(server, out);
      }
      ShutdownReport report = server.shutdown(Duration.ofSeconds(5));
      out.println(server.stats());
      out.println(report);
    }
  }

  /** Sends one line and returns the server's answer. */
  public static String ask(SocketAddress server, String line) throws IOException {
    try (Connection c = Connection.connect(server, Duration.ofSeconds(5))) {
      c.setReadTimeout(Duration.ofSeconds(10));
      FrameWriter.of(c, Framing.lines()).writeText(line, UTF_8).flush();
      return FrameReader.of(c, Framing.lines()).readText(UTF_8);
    }
  }
}
