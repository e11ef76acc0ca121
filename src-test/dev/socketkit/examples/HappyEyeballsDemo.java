package dev.socketkit.examples;

import dev.socketkit.Connection;
import dev.socketkit.Listener;
import dev.socketkit.client.ConnectAttempt;
import dev.socketkit.client.Connector;
import dev.socketkit.client.Resolver;
import dev.socketkit.client.Stalled;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Happy Eyeballs on one machine: a name resolves to 127.0.0.1, whose listener's backlog is full
 * (a broken path: the connect never completes), and to ::1 on the same port, which answers. The
 * connector starts ::1 after the fallback delay, connects there and closes the stalled attempt;
 * every attempt is printed as it is reported.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexample=dev.socketkit.examples.HappyEyeballsDemo
 * </pre>
 */
public final class HappyEyeballsDemo {
  private HappyEyeballsDemo() {}

  /**
   * Runs the demo.
   *
   * @param args none
   * @throws IOException if a socket cannot be opened
   */
  public static void main(String[] args) throws IOException {
    run(System.out);
  }

  /**
   * Connects through a broken IPv4 path and a working IPv6 one, printing each attempt to {@code out}.
   *
   * @param out where to print
   * @throws IOException if a socket cannot be opened or the connect fails
   */
  public static void run(PrintStream out) throws IOException {
    try (Stalled broken = new Stalled(new InetSocketAddress("127.0.0.1", 0))) {
      int port = ((InetSocketAddress) broken.address()).getPort();
      try (Listener working = Listener.bind(new InetSocketAddress("::1", port))) {
        Resolver resolver = host -> List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
        Connector connector = Connector.builder()
            .resolver(resolver)
            .fallbackDelay(Duration.ofMillis(250))
            .onAttempt(a -> out.println(describe(a)))
            .build();
        try (Connection c = connector.connect("dual-stack.test", port); Connection s = working.accept()) {
          out.println("connected to " + c.remoteAddress());
        }
      }
    }
  }

  private static String describe(ConnectAttempt a) {
    return "round " + a.round() + ", address " + a.index() + " " + a.address() + ": " + a.outcome()
        + " at " + a.elapsed().toMillis() + " ms"
        + (a.outcome() == ConnectAttempt.Outcome.STARTED ? "" : " (tried " + a.duration().toMillis() + " ms)")
        + a.failure().map(e -> ": " + e.getMessage()).orElse("");
  }
}
