package dev.socketkit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.socketkit.Connection;
import dev.socketkit.datagram.Correlation;
import dev.socketkit.datagram.DatagramClient;
import dev.socketkit.datagram.DatagramHandler;
import dev.socketkit.datagram.DatagramServer;
import dev.socketkit.datagram.DatagramServerOptions;
import dev.socketkit.datagram.DatagramStrategy;
import dev.socketkit.framing.FrameReader;
import dev.socketkit.framing.FrameWriter;
import dev.socketkit.framing.Framing;
import dev.socketkit.server.Server;
import dev.socketkit.server.ServerOptions;
import dev.socketkit.server.SessionHandler;
import dev.socketkit.server.Strategy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The time-of-day service (RFC 867, "daytime") over UDP and over TCP, and a client for each. Over
 * UDP any datagram is a request and the reply is one line; over TCP the server sends one line and
 * closes. Run from the README:
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexample=dev.socketkit.examples.TimeOfDay
 * mvn -q test-compile exec:exec -Dexample=dev.socketkit.examples.TimeOfDay -Dexample.args="--serve --port 1313"
 * mvn -q test-compile exec:exec -Dexample=dev.socketkit.examples.TimeOfDay -Dexample.args="--client udp --port 1313"
 * </pre>
 *
 * <p>Options: none runs both servers on a free port, asks each once and shuts down; {@code
 * --serve --port N} answers on UDP and TCP port N of 127.0.0.1 until standard input ends (so
 * {@code socat - UDP:127.0.0.1:N} or {@code nc 127.0.0.1 N} can ask too); {@code --client
 * udp|tcp --port N} asks once and prints the answer.
 */
public final class TimeOfDay {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.RFC_1123_DATE_TIME;

  private TimeOfDay() {}

  /** The time now as one line, without the line end: {@code Tue, 1 Dec 2026 23:33:00 GMT}. */
  public static String now(Clock clock) {
    return FORMAT.format(clock.instant().atOffset(ZoneOffset.UTC));
  }

  /** Answers every datagram, whatever it holds, with the time and a line end. */
  public static DatagramHandler udpHandler(Clock clock) {
    return (request, replies) -> replies.send((now(clock) + "\n").getBytes(UTF_8));
  }

  /** Sends the time as one line and returns; the server then closes the connection. */
  public static SessionHandler tcpHandler(Clock clock) {
    return connection -> FrameWriter.of(connection, Framing.lines()).writeText(now(clock), UTF_8).flush();
  }

  /** The UDP server, started. */
  public static DatagramServer udpServer(InetSocketAddress address, Clock clock) throws IOException {
    DatagramServerOptions options = DatagramServerOptions.builder().name("time-udp").maxDatagramBytes(512).build();
    return DatagramServer.of(address, DatagramStrategy.iterative(), options, udpHandler(clock)).start();
  }

  /** The TCP server, started. */
  public static Server tcpServer(InetSocketAddress address, Clock clock) throws IOException {
    ServerOptions options = ServerOptions.builder().name("time-tcp").idleTimeout(Duration.ofSeconds(5)).build();
    return Server.of(address, Strategy.iterative(), options, tcpHandler(clock)).start();
  }

  /** Asks over UDP: one datagram out (its content does not matter), one line back, retried if lost. */
  public static String askUdp(InetSocketAddress server) throws IOException {
    try (DatagramClient client = DatagramClient.builder(server).correlation(Correlation.none())
        .timeout(Duration.ofSeconds(1)).maxAttempts(3).build()) {
      return new String(client.request("\n".getBytes(UTF_8)), UTF_8).strip();
    }
  }

  /** Asks over TCP: connect, read one line, and see the server close. */
  public static String askTcp(InetSocketAddress server) throws IOException {
    try (Connection c = Connection.connect(server, Duration.ofSeconds(5))) {
      c.setReadTimeout(Duration.ofSeconds(10));
      FrameReader lines = FrameReader.of(c, Framing.lines());
      String line = lines.readText(UTF_8);
      if (line == null || lines.readText(UTF_8) != null) {
        throw new java.net.ProtocolException("time-of-day " + server + ": expected exactly one line");
      }
      return line;
    }
  }

  public static void main(String[] args) throws Exception {
    run(args, System.in, System.out);
  }

  /** Runs the example with {@code args}, reading {@code in} in serve mode and printing to {@code out}. */
  public static void run(String[] args, InputStream in, PrintStream out) throws Exception {
    boolean serve = false;
    String client = null;
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--serve":
          serve = true;
          break;
        case "--client":
          client = args[++i];
          break;
        case "--port":
          port = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    InetAddress loopback = InetAddress.getLoopbackAddress();
    if (client != null) {
      InetSocketAddress server = new InetSocketAddress(loopback, port);
      if (!client.equals("udp") && !client.equals("tcp")) {
        throw new IllegalArgumentException("--client " + client + " (expected: udp or tcp)");
      }
      out.println(client.equals("udp") ? askUdp(server) : askTcp(server));
      return;
    }
    Clock clock = Clock.systemUTC();
    DatagramServer udp = null;
    Server tcp = null;
    for (int attempt = 1; tcp == null; attempt++) { // port 0: the TCP server takes the UDP server's port
      udp = udpServer(new InetSocketAddress(loopback, port), clock);
      try {
        tcp = tcpServer(new InetSocketAddress(loopback, udp.localAddress().getPort()), clock);
      } catch (BindException e) {
        udp.close();
        if (port != 0 || attempt == 5) {
          throw e;
        }
      }
    }
    try (DatagramServer u = udp; Server t = tcp) {
      int bound = u.localAddress().getPort();
      out.println("time of day on udp and tcp 127.0.0.1:" + bound);
      InetSocketAddress at = new InetSocketAddress(loopback, bound);
      if (serve) {
        out.println("serving until standard input ends");
        BufferedReader stdin = new BufferedReader(new InputStreamReader(in, UTF_8));
        while (stdin.readLine() != null) {
          out.println(u.stats());
        }
      } else {
        out.println("udp < " + askUdp(at));
        out.println("tcp < " + askTcp(at));
      }
      out.println(u.shutdown(Duration.ofSeconds(5)));
      out.println(t.shutdown(Duration.ofSeconds(5)));
    }
  }
}
