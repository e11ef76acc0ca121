package dev.socketkit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.socketkit.Connection;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import dev.socketkit.server.Overflow;
import dev.socketkit.server.Server;
import dev.socketkit.server.ServerOptions;
import dev.socketkit.server.SessionHandler;
import dev.socketkit.server.ShutdownReport;
import dev.socketkit.server.Strategy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The upper-case line server under any strategy. The handler is written once; {@code --strategy}
 * picks who runs it. The project's default example, so {@code mvn -q test-compile exec:java} runs
 * it with no arguments; with some:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexample=dev.socketkit.examples.UpperCaseDemo \
 *     -Dexample.args="--strategy pooled --clients 3"
 * </pre>
 *
 * <p>Options: {@code --strategy iterative|thread|pooled|prestarted-accept|prestarted-handoff|
 * reuseport|virtual} (default {@code thread}); {@code --port N} (default 0, any free port) or
 * {@code --unix PATH}; {@code --clients N} runs N demo clients and shuts down (default 3);
 * {@code --serve} serves until standard input ends instead.
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

  /** Returns the strategy named on the command line. */
  public static Strategy strategy(String name) {
    switch (name) {
      case "iterative":
        return Strategy.iterative();
      case "thread":
        return Strategy.threadPerConnection();
      case "pooled":
        return Strategy.pooled(4, 16, Overflow.WAIT);
      case "prestarted-accept":
        return Strategy.prestartedAccept(4);
      case "prestarted-handoff":
        return Strategy.prestartedHandoff(2).withSpareHandlers(1, 4, 16);
      case "reuseport":
        return Strategy.reusePort(2, 2);
      case "virtual":
        return Strategy.virtualThreads(); // throws on Java 17, saying so
      default:
        throw new IllegalArgumentException("--strategy " + name + " (expected: iterative, thread, pooled,"
            + " prestarted-accept, prestarted-handoff, reuseport or virtual)");
    }
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
        case "--serve":
          serve = true;
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ServerOptions options = ServerOptions.builder().name("upper").idleTimeout(Duration.ofSeconds(30)).build();
    try (Server server = Server.of(address, strategy(strategy), options, HANDLER).start()) {
      out.println("listening on " + server.localAddress() + " with " + server.strategy());
      if (serve) {
        out.println("serving until standard input ends");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (stdin.readLine() != null) {
          out.println(server.stats());
        }
      } else {
        for (int i = 1; i <= clients; i++) {
          String line = "hello from client " + i;
          out.println("> " + line);
          out.println("< " + ask(server.localAddress(), line));
        }
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
